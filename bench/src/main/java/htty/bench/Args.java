package htty.bench;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reading a subcommand's options: the value after an option, the numbers the benchmarks take, and
 * where results go when {@code --out} is not given.
 */
final class Args {

    private Args() {
    }

    /**
     * A subcommand's options as {@code parse} reads them; empty after {@code --help}, which prints
     * {@code usage}. Options it cannot read end the process with status 2, the problem and the usage.
     */
    static <T> Optional<T> parseOrExit(String[] args, String usage, Function<String[], T> parse) {
        if (Arrays.asList(args).contains("--help")) {
            System.out.print(usage);
            return Optional.empty();
        }
        try {
            return Optional.of(parse.apply(args));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(usage);
            System.exit(2);
            return Optional.empty();
        }
    }

    /** The value of {@code option}, which is {@code args[i]}. */
    static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    static long seed(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seed needs a whole number, not " + value);
        }
    }

    /** A whole number of at least {@code least}. */
    static int count(String option, String value, int least) {
        try {
            int count = Integer.parseInt(value);
            if (count >= least) {
                return count;
            }
        } catch (NumberFormatException e) {
            // reported below, as for a number too small
        }
        throw new IllegalArgumentException(option + " needs a whole number of at least " + least + ", not " + value);
    }

    /** A new directory for each run of {@code benchmark}: {@code target/htty-bench/BENCHMARK-yyyyMMdd-HHmmss}. */
    static Path defaultOut(String benchmark) {
        return Path.of("target", "htty-bench", benchmark + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }
}
