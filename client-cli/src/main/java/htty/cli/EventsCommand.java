package htty.cli;

import htty.client.Attachment;
import htty.client.HttyClient;
import htty.proto.api.AttachEvent;
import htty.proto.api.OutputChunk;
import htty.proto.api.Redraw;
import htty.proto.api.SessionEvent;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code htty events}: a session's life as a stream of JSON lines, for programs. It watches the
 * session as an attached client would (through any daemon, carrying on through another when one
 * fails), but it is not a client: it sends nothing, changes no size, and outlives {@code htty detach}.
 */
@Command(name = "events", description = {
    "Print the session's events as they happen, one JSON object per line, until it exits or is removed:",
    "  {\"type\":\"screen\",\"offset\":N,\"cols\":C,\"rows\":R,\"text\":\"...\"}  the screen as plain text, standing"
        + " for the output up to offset N: first (unless --from-offset is still held), after a takeover, and when"
        + " the output that was missed is no longer held",
    "  {\"type\":\"output\",\"offset\":N,\"end\":M,\"text\":\"...\"}  output bytes N..M as plain text (no control"
        + " characters, no escape sequences); --from-offset M carries on after it",
    "  {\"type\":\"resize\",\"index\":I,\"cols\":C,\"rows\":R}",
    "  {\"type\":\"attach\",\"index\":I,\"client\":\"ID\",\"read_only\":B,\"resumed\":B}  a client attached (resumed:"
        + " it carried on after a reconnect)",
    "  {\"type\":\"detach\",\"index\":I,\"client\":\"ID\"}  a client detached or went away",
    "  {\"type\":\"detach-all\",\"index\":I,\"except\":\"ID\"}  htty detach (or attach -d) told the clients to detach",
    "  {\"type\":\"takeover\",\"index\":I,\"node\":\"ID\",\"epoch\":E}  another daemon's program is the session's now",
    "  {\"type\":\"exit\",\"index\":I,\"status\":N}  the program exited (the last line)",
    "  {\"type\":\"removed\",\"index\":I}  the session was killed (the last line)",
    "index is the log index of the entry that caused the event (0 when not known)."})
final class EventsCommand implements Callable<Integer> {

    @ParentCommand
    private HttyCommand htty;

    @Spec
    private CommandSpec spec;

    @Mixin
    private TargetSession target;

    @Option(names = "--from-offset", paramLabel = "N", defaultValue = "0",
            description = "Start with the output from offset N (an output line's end), if the session still holds it.")
    private long fromOffset;

    @Override
    public Integer call() {
        if (fromOffset < 0) {
            throw new ParameterException(spec.commandLine(), "--from-offset must not be negative");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (HttyClient client = htty.connect();
             Attachment watch = client.watch(target.name(), fromOffset, event -> {
                 Map<String, Object> line = line(event);
                 if (line != null) {
                     out.println(Json.write(line));
                     out.flush();
                 }
             })) {
            watch.awaitEnd();
        }
        return 0;
    }

    /** The JSON line for an event, or null for one that says nothing to a program. */
    static Map<String, Object> line(AttachEvent event) {
        return switch (event.getKindCase()) {
            case REDRAW -> {
                Redraw r = event.getRedraw();
                yield Json.object("type", "screen", "offset", r.getOffset(), "cols", r.getCols(), "rows", r.getRows(),
                        "text", r.getText());
            }
            case OUTPUT -> {
                OutputChunk o = event.getOutput();
                yield Json.object("type", "output", "offset", o.getOffset(), "end", o.getOffset() + o.getData().size(),
                        "text", o.getText());
            }
            case EVENT -> line(event.getEvent());
            default -> null;
        };
    }

    private static Map<String, Object> line(SessionEvent e) {
        return switch (e.getKind()) {
            case RESIZED -> Json.object("type", "resize", "index", e.getIndex(), "cols", e.getCols(), "rows", e.getRows());
            case CLIENT_ATTACHED -> Json.object("type", "attach", "index", e.getIndex(), "client", e.getClientId(),
                    "read_only", e.getReadOnly(), "resumed", e.getResumed());
            case CLIENT_LEFT -> Json.object("type", "detach", "index", e.getIndex(), "client", e.getClientId());
            case CLIENTS_DETACHED -> Json.object("type", "detach-all", "index", e.getIndex(), "except", e.getClientId());
            case TAKEOVER -> Json.object("type", "takeover", "index", e.getIndex(), "node", e.getNode(),
                    "epoch", e.getEpoch());
            case EXITED -> Json.object("type", "exit", "index", e.getIndex(), "status", e.getExitStatus());
            case REMOVED -> Json.object("type", "removed", "index", e.getIndex());
            default -> null;
        };
    }
}
