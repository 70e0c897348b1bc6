package htty.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import htty.proto.api.CaptureReply;
import htty.proto.api.CaptureRequest;
import htty.proto.api.CreateRequest;
import htty.proto.api.HttyGrpc;
import htty.proto.api.ListRequest;
import htty.proto.api.SendInputRequest;
import htty.proto.api.StatusRequest;
import htty.proto.log.EnvVar;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Three daemon processes, one replicated shell: every daemon holds the same screen. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest extends ClusterTestBase {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final AtomicLong seq = new AtomicLong();
    private static final String CLIENT = "cluster-test";

    private static HttyGrpc.HttyBlockingStub any() {
        return cluster.stub(cluster.nodes.stream().filter(n -> n.process.isAlive()).findFirst().orElseThrow());
    }

    private static void create(String name, List<String> argv) {
        any().create(CreateRequest.newBuilder().setName(name).addAllArgv(argv).setCwd("/tmp").setCols(80).setRows(24)
                .addEnv(EnvVar.newBuilder().setName("PS1").setValue("$ ")).addEnv(EnvVar.newBuilder().setName("PATH")
                        .setValue("/usr/local/bin:/usr/bin:/bin")).build());
    }

    private static long type(String name, String text) {
        return any().sendInput(SendInputRequest.newBuilder().setName(name).setClientId(CLIENT)
                .setSeq(seq.incrementAndGet()).setData(ByteString.copyFromUtf8(text)).build()).getIndex();
    }

    private static CaptureReply capture(LocalCluster.Node node, String name, long minIndex) {
        return cluster.stub(node).capture(CaptureRequest.newBuilder().setName(name).setMinIndex(minIndex).build());
    }

    /** Waits until every live daemon shows {@code text} and all report the same digest at the same index. */
    private static void awaitSameScreenEverywhere(String name, String text) throws Exception {
        Await.until(WAIT, "'" + text + "' on every daemon with equal digests", () -> {
            long commit = any().status(StatusRequest.getDefaultInstance()).getCommitIndex();
            Set<String> digests = new HashSet<>();
            Set<Long> indexes = new HashSet<>();
            for (LocalCluster.Node n : cluster.nodes) {
                if (!n.process.isAlive()) {
                    continue;
                }
                CaptureReply c = capture(n, name, commit);
                if (!c.getText().contains(text)) {
                    return null;
                }
                digests.add(c.getDigest());
                indexes.add(c.getAppliedIndex());
            }
            return digests.size() == 1 && indexes.size() == 1 ? true : null;
        });
    }

    @Test
    @Order(1)
    void aShellAnswersOnEveryDaemon() throws Exception {
        create("bash", List.of("/bin/bash", "--norc", "--noprofile", "-i"));
        type("bash", "echo $((6*7))\r");
        awaitSameScreenEverywhere("bash", "\n42\n");
    }

    @Test
    @Order(2)
    void theSameClientAndSequenceIsAppliedOnce() throws Exception {
        create("cat", List.of("/bin/cat"));
        SendInputRequest once = SendInputRequest.newBuilder().setName("cat").setClientId("dedup").setSeq(1)
                .setData(ByteString.copyFromUtf8("xyz")).build();
        any().sendInput(once);
        any().sendInput(once);
        any().sendInput(once.toBuilder().setSeq(2).setData(ByteString.copyFromUtf8("!")).build());
        awaitSameScreenEverywhere("cat", "xyz!");
        String screen = capture(cluster.nodes.get(0), "cat", 0).getText();
        assertEquals(1, screen.split("xyz", -1).length - 1, screen);
    }

    @Test
    @Order(3)
    void badRequestsGetClearErrorsAndChangeNothing() {
        int before = any().list(ListRequest.getDefaultInstance()).getSessionsCount();
        // Refused inputs are not applied: they come from a client of their own, which leaves no hole in CLIENT's.
        SendInputRequest refused = SendInputRequest.newBuilder().setName("nope").setClientId("refused").setSeq(1)
                .setData(ByteString.copyFromUtf8("x")).build();
        assertStatus(Status.Code.NOT_FOUND, () -> any().sendInput(refused));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> create("bad name", List.of("/bin/sh")));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> any().sendInput(refused.toBuilder().setName("cat")
                .setData(ByteString.copyFrom(new byte[64 * 1024 + 1])).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> any().create(CreateRequest.newBuilder().setName("huge")
                .addArgv("/bin/sh").setCols(5000).setRows(10).build()));
        assertStatus(Status.Code.ALREADY_EXISTS, () -> create("cat", List.of("/bin/cat")));
        HttyGrpc.HttyBlockingStub noToken = HttyGrpc.newBlockingStub(cluster.nodes.get(0).channel)
                .withDeadlineAfter(5, TimeUnit.SECONDS);
        assertStatus(Status.Code.UNAUTHENTICATED, () -> noToken.list(ListRequest.getDefaultInstance()));
        assertEquals(before, any().list(ListRequest.getDefaultInstance()).getSessionsCount());
    }

    @Test
    @Order(4)
    void fiftyMegabytesOfOutputLeaveEveryReplicaEqual() throws Exception {
        create("flood", List.of("/bin/sh", "-c", "head -c 50000000 /dev/urandom | base64; echo FLOOD-DONE"));
        Await.until(Duration.ofMinutes(5), "the flood to finish", () -> any().list(ListRequest.getDefaultInstance())
                .getSessionsList().stream().anyMatch(s -> s.getName().equals("flood") && s.getExited()) ? true : null);
        awaitSameScreenEverywhere("flood", "FLOOD-DONE");
        for (LocalCluster.Node n : cluster.nodes) {
            assertTrue(n.process.isAlive(), n.id + " survived the flood in a 256 MiB heap");
        }
    }

    @Test
    @Order(5)
    void theSessionCarriesOnWhenAFollowerIsKilled() throws Exception {
        LocalCluster.Node leader = cluster.awaitLeader(WAIT);
        LocalCluster.Node follower = cluster.nodes.stream().filter(n -> n != leader).findFirst().orElseThrow();
        cluster.kill(follower);
        type("bash", "echo after-$((20+1))\r");
        awaitSameScreenEverywhere("bash", "after-21");
    }

    private static void assertStatus(Status.Code code, Runnable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
        assertEquals(code, e.getStatus().getCode(), e.getStatus().getDescription());
        assertTrue(e.getStatus().getDescription() != null && !e.getStatus().getDescription().isBlank(),
                "a clear description for " + code);
    }
}
