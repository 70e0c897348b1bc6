package htty.e2e;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * For end-to-end test classes: one real three-daemon cluster per class, started before its first
 * test (once a leader is elected) and stopped after its last, and the htty command pointed at it.
 */
abstract class ClusterTestBase {
    static LocalCluster cluster;
    static Cli htty;

    /** A failed test's report ends with what the daemons said last: the clue, when the cluster misbehaved. */
    @RegisterExtension
    static final TestWatcher DAEMON_LOGS_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (cluster != null) {
                System.out.println(cluster.logTails(80));
            }
        }
    };

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new LocalCluster(3);
        cluster.awaitLeader(Duration.ofSeconds(90));
        htty = new Cli(cluster);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }
}
