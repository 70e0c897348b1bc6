package htty.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Index to offset, and what is forgotten past the bound. */
class OutputMarksTest {
    @Test
    void forgetsTheOldestPastTheBound() {
        OutputMarks marks = new OutputMarks();
        for (int i = 1; i <= OutputMarks.MAX_MARKS + 2; i++) {
            marks.record(10L * i, 100L * i);
        }
        assertEquals(-1, marks.endAt(15), "before the last forgotten mark");
        assertEquals(200, marks.endAt(20), "the last forgotten mark is still known");
        assertEquals(200, marks.endAt(29));
        assertEquals(300, marks.endAt(30));
    }
}
