package htty.process;

import com.pty4j.PtyProcessBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where pty4j finds its native library, {@code libpty.so}.
 *
 * <p>Left alone, pty4j copies the library out of its jar into a new {@code /tmp/pty4j-*} folder every
 * time a JVM starts, and never deletes it: a daemon that restarts often, or a test suite, litters
 * {@code /tmp}. pty4j looks in the folder named by the system property
 * {@value #FOLDER_PROPERTY} first, so we extract the library once into a per-user cache directory,
 * {@code $XDG_CACHE_HOME/htty/pty4j-<hash>/} (or {@code ~/.cache/htty/...}), and point the property
 * at it. The folder is named after a hash of the library's bytes, so a pty4j upgrade that changes the
 * library gets a folder of its own, and a file damaged by a crash is noticed and rewritten.
 *
 * <p>Several daemons may start at once on one machine: each writes its copy to a temporary file in
 * the target directory and renames it into place, which is atomic, so no JVM ever loads a half-written
 * library.
 *
 * <p>pty4j reads the property when it first loads the library (the first spawn, or the first use of
 * its {@code PtyHelpers}), so {@link #ensureInstalled()} must run before that; {@link PtyProcess}
 * calls it before every spawn.
 */
public final class PtyNative {
    private static final Logger LOG = LoggerFactory.getLogger(PtyNative.class);

    /** The system property pty4j consults first for its native folder. */
    public static final String FOLDER_PROPERTY = "pty4j.preferred.native.folder";
    private static final String RESOURCE_ROOT = "resources/com/pty4j/native/";
    private static final String LIBRARY = "libpty.so";

    private static Optional<Path> installed;

    private PtyNative() {
    }

    /**
     * Makes pty4j load its library from our cache directory, extracting it there the first time.
     * Safe to call often and from several threads: the work happens once per JVM.
     *
     * @return the folder pty4j will use, or empty if we could not provide one and pty4j falls back to
     *     its own extraction into {@code /tmp} (the reason is logged)
     */
    public static synchronized Optional<Path> ensureInstalled() {
        if (installed == null) {
            installed = install();
        }
        return installed;
    }

    private static Optional<Path> install() {
        String preset = System.getProperty(FOLDER_PROPERTY);
        if (preset != null && !preset.isBlank()) {
            LOG.info("pty4j native library: using {}, as the system property {} says", preset, FOLDER_PROPERTY);
            return Optional.of(Path.of(preset));
        }
        Optional<String> platform = platformFolder();
        if (platform.isEmpty()) {
            LOG.info("pty4j native library: no cached copy for {} {}; pty4j will extract its own into {}",
                    System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.io.tmpdir"));
            return Optional.empty();
        }
        Path cacheRoot = cacheRoot();
        try {
            if (!cacheRoot.isAbsolute()) {
                throw new IOException("not an absolute path (is user.home set?)");
            }
            Path folder = extract(cacheRoot, platform.get());
            System.setProperty(FOLDER_PROPERTY, folder.toString());
            LOG.debug("pty4j native library: using {}", folder.resolve(platform.get()).resolve(LIBRARY));
            return Optional.of(folder);
        } catch (IOException | RuntimeException e) {
            LOG.warn("pty4j native library: cannot cache it under {} ({}); pty4j will extract its own copy into a "
                    + "new {}/pty4j-* folder at every start. Make that directory writable, or set XDG_CACHE_HOME.",
                    cacheRoot, e.toString(), System.getProperty("java.io.tmpdir"));
            return Optional.empty();
        }
    }

    /**
     * Puts the bundled library for {@code platform} (such as {@code linux/x86-64}) under
     * {@code cacheRoot/htty/pty4j-<hash>/platform/}, unless an intact copy is already there.
     *
     * @return the folder to give pty4j: the one that contains {@code platform}
     */
    static Path extract(Path cacheRoot, String platform) throws IOException {
        byte[] library = bundled(platform);
        byte[] digest = sha256(library);
        Path folder = cacheRoot.resolve("htty").resolve("pty4j-" + HexFormat.of().formatHex(digest, 0, 8));
        Path dir = folder.resolve(platform);
        Path target = dir.resolve(LIBRARY);
        if (Files.isRegularFile(target) && Arrays.equals(sha256(Files.readAllBytes(target)), digest)) {
            return folder;
        }
        Files.createDirectories(dir);
        Path partial = Files.createTempFile(dir, "." + LIBRARY + "-", ".partial");
        try {
            Files.write(partial, library);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + dir + " cannot rename atomically", e);
        } finally {
            Files.deleteIfExists(partial);
        }
        LOG.info("pty4j native library: extracted {}", target);
        return folder;
    }

    /** The library's folder inside pty4j's jar for this machine, as pty4j names it, if we know it. */
    static Optional<String> platformFolder() {
        if (!System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux")) {
            return Optional.empty();
        }
        String arch = System.getProperty("os.arch");
        // pty4j names folders after JNA's architecture names, which differ from Java's only for x86-64.
        String folder = "linux/" + (arch.equals("amd64") || arch.equals("x86_64") ? "x86-64" : arch);
        return PtyProcessBuilder.class.getClassLoader().getResource(RESOURCE_ROOT + folder + "/" + LIBRARY) == null
                ? Optional.empty() : Optional.of(folder);
    }

    private static Path cacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg);
        }
        return Path.of(System.getProperty("user.home"), ".cache");
    }

    private static byte[] bundled(String platform) throws IOException {
        String resource = RESOURCE_ROOT + platform + "/" + LIBRARY;
        try (InputStream in = PtyProcessBuilder.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("pty4j's jar has no " + resource);
            }
            return in.readAllBytes();
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }
}
