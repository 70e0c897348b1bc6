package htty.term;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Modes (DECSET/DECRST, SM/RM), the alternate screen, titles and the title stack, soft reset. */
class ModesTest {
    @Test
    void decModesSetAndReset() {
        Screen s = new Screen(10, 3).feed("\033[?1;12;25;66;1004;2004;2026h");
        for (int bit : new int[] {Modes.CURSOR_KEYS, Modes.CURSOR_BLINK, Modes.KEYPAD, Modes.FOCUS,
            Modes.BRACKETED_PASTE, Modes.SYNCHRONIZED}) {
            assertTrue(s.terminal.mode(bit));
        }
        s.feed("\033[?1;12;25;66;1004;2004;2026l");
        assertEquals(Modes.AUTOWRAP, s.terminal.modes());
    }

    @Test
    void mouseTrackingModesExcludeEachOtherButEncodingsDoNot() {
        Screen s = new Screen(10, 3).feed("\033[?1000h\033[?1002h\033[?1006h\033[?1005h");
        assertFalse(s.terminal.mode(Modes.MOUSE_STANDARD));
        assertTrue(s.terminal.mode(Modes.MOUSE_BUTTON));
        assertTrue(s.terminal.mode(Modes.MOUSE_SGR));
        assertTrue(s.terminal.mode(Modes.MOUSE_UTF8));
        s.feed("\033[?1003h");
        assertFalse(s.terminal.mode(Modes.MOUSE_BUTTON));
        assertTrue(s.terminal.mode(Modes.MOUSE_ANY));
    }

    @Test
    void keypadModeByEscapeSequences() {
        Screen s = new Screen(10, 3).feed("\033=");
        assertTrue(s.terminal.mode(Modes.KEYPAD));
        s.feed("\033>");
        assertFalse(s.terminal.mode(Modes.KEYPAD));
    }

    @Test
    void alternateScreen1049SavesTheCursorAndStartsBlank() {
        Screen s = new Screen(10, 3).feed("hello\033[2;3H\033[?1049h");
        assertTrue(s.terminal.alternateOn());
        assertEquals("", s.row(0));
        s.feed("\033[Hvim");
        assertEquals("vim", s.row(0));
        s.feed("\033[?1049l");
        assertFalse(s.terminal.alternateOn());
        assertEquals("hello", s.row(0));
        assertEquals(2, s.cursorX());
        assertEquals(1, s.cursorY());
    }

    @Test
    void alternateScreen47KeepsTheCursorWhereItIs() {
        Screen s = new Screen(10, 3).feed("hi\033[?47h\033[3;3H\033[?47l");
        assertEquals("hi", s.row(0));
        assertEquals(2, s.cursorY());
    }

    @Test
    void theAlternateScreenHasNoHistory() {
        Screen s = new Screen(3, 2).feed("\033[?1049h1\r\n2\r\n3\r\n4");
        assertEquals(0, s.terminal.primary().history().size());
    }

    @Test
    void titlesAndTheTitleStack() {
        Screen s = new Screen(10, 3).feed("\033]2;first\007");
        assertEquals("first", s.terminal.title());
        s.feed("\033[22;0t\033]0;second\033\\");
        assertEquals("second", s.terminal.title());
        s.feed("\033[23;0t");
        assertEquals("first", s.terminal.title());
        s.feed("\033]2;caf\u00e9 \u4e2d\007");
        assertEquals("caf\u00e9 \u4e2d", s.terminal.title());
    }

    @Test
    void softResetRestoresModesButKeepsTheScreen() {
        Screen s = new Screen(10, 3).feed("text\033[?25l\033[4h\033[1m\033[2;3r\033[!p");
        assertTrue(s.terminal.mode(Modes.CURSOR_VISIBLE));
        assertFalse(s.terminal.mode(Modes.INSERT));
        assertEquals(0, s.terminal.pen().attrs());
        assertEquals(2, s.terminal.bottom());
        assertEquals("text", s.row(0));
    }

    @Test
    void cursorStyle() {
        Screen s = new Screen(10, 3).feed("\033[5 q");
        assertEquals(5, s.terminal.cursorStyle());
    }
}
