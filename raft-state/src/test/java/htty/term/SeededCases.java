package htty.term;

/**
 * Runs a seeded random property over consecutive seeds: a fixed base seed keeps CI reproducible,
 * {@code -Dhtty.seed=N} and {@code -Dhtty.cases=M} explore others, and a failure names the seed
 * that reproduces it.
 */
public final class SeededCases {
    private SeededCases() {
    }

    /** One case of a property, a pure function of its seed. */
    public interface Case {
        void check(long seed) throws Exception;
    }

    /** Checks {@code c} for each seed from the base seed on, {@code defaultCases} of them unless overridden. */
    public static void forEachSeed(long defaultBaseSeed, int defaultCases, Case c) {
        long base = Long.getLong("htty.seed", defaultBaseSeed);
        int cases = Integer.getInteger("htty.cases", defaultCases);
        System.out.println("seeded property: seeds " + base + ".." + (base + cases - 1));
        for (int i = 0; i < cases; i++) {
            long seed = base + i;
            try {
                c.check(seed);
            } catch (Throwable e) {
                throw new AssertionError("property failed for seed " + seed + " (rerun with -Dhtty.seed=" + seed
                        + " -Dhtty.cases=1): " + e, e);
            }
        }
    }
}
