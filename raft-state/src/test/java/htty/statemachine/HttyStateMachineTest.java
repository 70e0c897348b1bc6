package htty.statemachine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import htty.session.Effect;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.StateMachineLogEntryProto;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a replica's state starts: a new one from the founding snapshot, the same on every replica;
 * one with a log of its own from that log, as before the founding snapshot existed. And what it
 * tells the daemon of the terms it applies.
 */
class HttyStateMachineTest {
    private static final RaftGroupId GROUP = RaftGroupId.randomId();
    /** The state machine asks its server only for its id, to name itself in log lines. */
    private static final RaftServer SERVER = (RaftServer) Proxy.newProxyInstance(RaftServer.class.getClassLoader(),
            new Class<?>[] {RaftServer.class}, (proxy, method, args) -> {
                if (method.getName().equals("getId")) {
                    return RaftPeerId.valueOf("n1");
                }
                throw new UnsupportedOperationException(method.getName());
            });

    @Test
    void aNewReplicaStartsFromTheFoundingSnapshot(@TempDir Path dir) throws IOException {
        try (RaftStorage storage = storage(dir)) {
            HttyStateMachine machine = start(storage);

            assertEquals(HttyStateMachine.FOUNDING, machine.getLatestSnapshot().getTermIndex());
            assertEquals(HttyStateMachine.FOUNDING, machine.getLastAppliedTermIndex(),
                    "the log's first entry is the one after the founding snapshot: index 1");
            assertEquals(List.of(), machine.read(table -> List.copyOf(table.all())), "no sessions");
        }
    }

    @Test
    void everyNewReplicaWritesTheSameFoundingSnapshot(@TempDir Path dir) throws IOException {
        try (RaftStorage one = storage(dir.resolve("n1")); RaftStorage two = storage(dir.resolve("n2"))) {
            byte[] first = Files.readAllBytes(snapshotFile(start(one)));
            byte[] second = Files.readAllBytes(snapshotFile(start(two)));

            assertArrayEquals(first, second);
        }
    }

    @Test
    void aRestartedReplicaKeepsItsSnapshotAndWritesNoOther(@TempDir Path dir) throws IOException {
        try (RaftStorage storage = storage(dir)) {
            start(storage);
        }
        try (RaftStorage storage = storage(dir)) {
            HttyStateMachine machine = start(storage);

            assertEquals(HttyStateMachine.FOUNDING, machine.getLatestSnapshot().getTermIndex());
            assertEquals(List.of(snapshotFile(machine).getFileName().toString()), snapshotFileNames(machine));
        }
    }

    @Test
    void aReplicaWithALogButNoSnapshotIsGivenNone(@TempDir Path dir) throws IOException {
        try (RaftStorage storage = storage(dir)) {
            // A log begun before founding snapshots existed: its entry 0 is a real one, which a
            // snapshot at index 0 would skip. Ratis knows its closed segments by their names.
            Files.createFile(storage.getStorageDir().getCurrentDir().toPath().resolve("log_0-0"));

            HttyStateMachine machine = start(storage);

            assertNull(machine.getLatestSnapshot());
            assertEquals(RaftLog.INVALID_LOG_INDEX, machine.appliedIndex());
        }
    }

    @Test
    void aReplicaTellsOfEachTermWhenItAppliesTheTermsFirstEntry(@TempDir Path dir) throws IOException {
        try (RaftStorage storage = storage(dir)) {
            HttyStateMachine machine = start(storage);
            List<Long> terms = new ArrayList<>();
            machine.setListener(new HttyStateMachine.EffectListener() {
                @Override
                public void onApplied(long index, List<Effect> effects) {
                }

                @Override
                public void onTermApplied(long term) {
                    terms.add(term);
                }
            });

            machine.notifyTermIndexUpdated(1, 1); // a leader's first entry: Ratis's own, a configuration
            apply(machine, 1, 2);
            machine.notifyTermIndexUpdated(1, 3); // a record of the commit index
            machine.notifyTermIndexUpdated(2, 4);
            apply(machine, 2, 5);
            apply(machine, 4, 6); // the leader of term 3 committed nothing here

            assertEquals(List.of(1L, 2L, 4L), terms);
            assertEquals(4, machine.appliedTerm());
        }
    }

    /** Applies an entry whose data is no command: a no-op with an error reply, as any malformed entry. */
    private static void apply(HttyStateMachine machine, long term, long index) {
        LogEntryProto entry = LogEntryProto.newBuilder().setTerm(term).setIndex(index)
                .setStateMachineLogEntry(StateMachineLogEntryProto.newBuilder()
                        .setLogData(ByteString.copyFrom(new byte[] {(byte) 0xff})))
                .build();
        machine.applyTransaction(TransactionContext.newBuilder().setStateMachine(machine).setLogEntry(entry)
                .build()).join();
    }

    private static RaftStorage storage(Path dir) throws IOException {
        RaftStorage storage = RaftStorage.newBuilder().setDirectory(dir.toFile())
                .setOption(RaftStorage.StartupOption.RECOVER)
                .setStorageFreeSpaceMin(RaftServerConfigKeys.STORAGE_FREE_SPACE_MIN_DEFAULT).build();
        storage.initialize();
        return storage;
    }

    private static HttyStateMachine start(RaftStorage storage) throws IOException {
        HttyStateMachine machine = new HttyStateMachine();
        machine.initialize(SERVER, GROUP, storage);
        return machine;
    }

    private static Path snapshotFile(HttyStateMachine machine) {
        return machine.getLatestSnapshot().getFiles().getFirst().getPath();
    }

    private static List<String> snapshotFileNames(HttyStateMachine machine) throws IOException {
        try (var files = Files.list(snapshotFile(machine).getParent())) {
            return files.map(f -> f.getFileName().toString()).filter(n -> !n.endsWith(".md5")).sorted().toList();
        }
    }
}
