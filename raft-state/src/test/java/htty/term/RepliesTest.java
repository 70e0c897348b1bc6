package htty.term;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Answers to queries: written for the program's PTY, never into the client stream. */
class RepliesTest {
    private static void replies(String query, String expected) {
        replies("", query, expected);
    }

    private static void replies(String setup, String query, String expected) {
        Screen s = new Screen(20, 5).feed("\033[3;7H" + setup).feed(query);
        assertEquals(expected, s.replies(), "reply to " + query.replace("\033", "ESC"));
        assertEquals("", s.clientBytes(), "a query never reaches clients");
    }

    @Test
    void deviceAttributes() {
        replies("\033[c", "\033[?62;22c");
        replies("\033[0c", "\033[?62;22c");
        replies("\033[>c", "\033[>1;10;0c");
        replies("\033[>q", "\033P>|htty(0.1)\033\\");
    }

    @Test
    void deviceStatusReports() {
        replies("\033[5n", "\033[0n");
        replies("\033[6n", "\033[3;7R");
        replies("\033[?6n", "\033[?3;7R");
    }

    @Test
    void modeReports() {
        replies("\033[?25$p", "\033[?25;1$y");
        replies("\033[?1$p", "\033[?1;2$y");
        replies("\033[?1049$p", "\033[?1049;2$y");
        replies("\033[?9999$p", "\033[?9999;0$y");
        replies("\033[4$p", "\033[4;2$y");
    }

    @Test
    void colourQueriesMirrorTheTerminator() {
        replies("\033]10;?\007", "\033]10;rgb:c0c0/c0c0/c0c0\007");
        replies("\033]11;?\033\\", "\033]11;rgb:0000/0000/0000\033\\");
    }

    @Test
    void settingRequests() {
        replies("\033[1;31m", "\033P$qm\033\\", "\033P1$r0;1;31m\033\\");
        replies("\033[2;4r", "\033P$qr\033\\", "\033P1$r2;4r\033\\");
        replies("\033[4 q", "\033P$q q\033\\", "\033P1$r4 q\033\\");
        replies("\033P$qx\033\\", "\033P0$r\033\\");
    }
}
