package htty.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The output ring: absolute offsets, bounded, exact bytes while held. */
class OutputRingTest {
    @Test
    void readsBackFromAnyHeldOffset() {
        OutputRing ring = new OutputRing(8);
        ring.append("abcdef".getBytes());
        assertArrayEquals("cdef".getBytes(), ring.readFrom(2));
        ring.append("ghijk".getBytes());
        assertEquals(3, ring.start());
        assertEquals(11, ring.end());
        assertArrayEquals("defghijk".getBytes(), ring.readFrom(3));
        assertNull(ring.readFrom(2), "no longer held");
        assertNull(ring.readFrom(12), "not yet written");
        assertArrayEquals(new byte[0], ring.readFrom(11));
    }

    @Test
    void aChunkLargerThanTheRingKeepsItsTail() {
        OutputRing ring = new OutputRing(4);
        ring.append("0123456789".getBytes());
        assertArrayEquals("6789".getBytes(), ring.readFrom(6));
        assertArrayEquals("6789".getBytes(), ring.contents());
    }

    @Test
    void afterADiscontinuityOnlyLaterOffsetsResume() {
        OutputRing ring = new OutputRing(16);
        ring.append("before".getBytes());
        ring.discontinue();
        assertNull(ring.readFrom(3), "bytes from before the takeover");
        assertNull(ring.readFrom(6), "a client that had every byte before the takeover still needs the new screen");
        ring.append("after".getBytes());
        assertArrayEquals("ter".getBytes(), ring.readFrom(8));
        assertArrayEquals("after".getBytes(), ring.contents());
    }

    @Test
    void whatWasPrintedSinceAnOffsetStartsAtALaterTakeover() {
        OutputRing ring = new OutputRing(8);
        ring.append("old".getBytes());
        assertArrayEquals("ld".getBytes(), ring.readSince(1));
        ring.discontinue();
        ring.append("new".getBytes());
        assertArrayEquals("new".getBytes(), ring.readSince(1), "before the takeover: from the takeover on");
        assertArrayEquals("w".getBytes(), ring.readSince(5));
        ring.append("0123456789".getBytes());
        assertNull(ring.readSince(4), "bytes after the offset were dropped for room");
    }
}
