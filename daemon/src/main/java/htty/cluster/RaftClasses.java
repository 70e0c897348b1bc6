package htty.cluster;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads Ratis's classes when a daemon starts, off the critical path. A follower that wins an
 * election after its leader died otherwise loads its leader state, log appenders and their metrics
 * on the spot: that took about 100 ms of a failover on this machine, while every session waited.
 * Classes are loaded, not initialized: no static state of Ratis's is set up early.
 */
final class RaftClasses {
    private static final Logger LOG = LoggerFactory.getLogger(RaftClasses.class);
    /** One class of each jar whose classes are loaded: Ratis's server, its API, its gRPC transport, its metrics. */
    private static final List<String> JARS_OF = List.of("org.apache.ratis.server.impl.RaftServerImpl",
            "org.apache.ratis.server.RaftServerConfigKeys", "org.apache.ratis.grpc.server.GrpcLogAppender",
            "org.apache.ratis.metrics.impl.MetricRegistriesImpl");

    private RaftClasses() {
    }

    /** Loads them on a background thread of low priority. */
    static void preloadInBackground() {
        Thread t = Thread.ofPlatform().daemon().name("raft-class-preload").unstarted(RaftClasses::preload);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    private static void preload() {
        long began = System.nanoTime();
        ClassLoader loader = RaftClasses.class.getClassLoader();
        int loaded = 0;
        for (String anchor : JARS_OF) {
            try (JarFile jar = new JarFile(Path.of(Class.forName(anchor, false, loader).getProtectionDomain()
                    .getCodeSource().getLocation().toURI()).toFile())) {
                for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements();) {
                    String name = entries.nextElement().getName();
                    if (name.endsWith(".class") && !name.endsWith("module-info.class")) {
                        loaded += load(name.substring(0, name.length() - ".class".length()).replace('/', '.'), loader);
                    }
                }
            } catch (IOException | URISyntaxException | ClassNotFoundException | RuntimeException e) {
                LOG.debug("Ratis classes of {} not preloaded: {}", anchor, e.toString());
            }
        }
        LOG.debug("preloaded {} Ratis classes in {} ms", loaded, (System.nanoTime() - began) / 1_000_000);
    }

    /** Loads one class; one that needs something absent (an optional dependency) is skipped. */
    private static int load(String name, ClassLoader loader) {
        try {
            Class.forName(name, false, loader);
            return 1;
        } catch (ClassNotFoundException | LinkageError e) {
            return 0;
        }
    }
}
