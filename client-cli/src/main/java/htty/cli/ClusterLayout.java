package htty.cli;

import java.nio.file.Path;

/**
 * The files of a local cluster in its directory: {@code cluster.conf}, the shared {@code token},
 * and for each node {@code nI/} (its data), {@code nI.log} and {@code nI.pid}.
 */
record ClusterLayout(Path dir) {

    Path config() {
        return dir.resolve("cluster.conf");
    }

    Path token() {
        return dir.resolve("token");
    }

    Path data(String node) {
        return dir.resolve(node);
    }

    Path log(String node) {
        return dir.resolve(node + ".log");
    }

    Path pidFile(String node) {
        return dir.resolve(node + ".pid");
    }
}
