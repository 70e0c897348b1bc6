package htty.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import htty.proto.api.AttachEvent;
import htty.proto.api.OutputChunk;
import htty.proto.api.Redraw;
import htty.proto.api.SessionEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a redraw replaces in a stream's queue, and what it leaves. */
class AttachStreamTest {

    private static final AttachEvent REDRAW = AttachEvent.newBuilder()
            .setRedraw(Redraw.newBuilder().setScreen(ByteString.copyFromUtf8("screen")).setOffset(9)).build();

    @Test
    void aRedrawStandsForTheOutputAndHeartbeatsBeforeIt() {
        List<AttachEvent> sent = AttachStream.withRedraw(List.of(output("abc", 0), heartbeat(5), output("def", 3)),
                REDRAW);

        assertEquals(List.of(REDRAW), sent);
    }

    @Test
    void aTakeoverComesJustBeforeTheRedrawOfItsScreen() {
        AttachEvent takeover = event(SessionEvent.Kind.TAKEOVER);
        AttachEvent ack = AttachEvent.newBuilder().setInputAck(4).build();

        List<AttachEvent> sent = AttachStream.withRedraw(List.of(output("abc", 0), takeover, ack, output("d", 3)),
                REDRAW);

        assertEquals(List.of(takeover, REDRAW, ack), sent);
    }

    @Test
    void anEndingComesAfterTheFinalScreen() {
        AttachEvent exited = event(SessionEvent.Kind.EXITED);

        List<AttachEvent> sent = AttachStream.withRedraw(List.of(output("bye", 0), exited), REDRAW);

        assertEquals(List.of(REDRAW, exited), sent);
    }

    private static AttachEvent output(String text, long offset) {
        return AttachEvent.newBuilder()
                .setOutput(OutputChunk.newBuilder().setData(ByteString.copyFromUtf8(text)).setOffset(offset)).build();
    }

    private static AttachEvent heartbeat(long index) {
        return AttachEvent.newBuilder().setHeartbeat(index).build();
    }

    private static AttachEvent event(SessionEvent.Kind kind) {
        return AttachEvent.newBuilder().setEvent(SessionEvent.newBuilder().setKind(kind).setNode("n2").setEpoch(2))
                .build();
    }
}
