package htty.term.oracle;

/**
 * A colour of a captured cell: the terminal's default, an entry of the 256-colour palette, or a
 * 24-bit RGB value.
 *
 * <p>The sixteen basic colours are palette entries 0 to 15 however the application chose them:
 * {@code SGR 31} and {@code SGR 38;5;1} both give {@code indexed(1)}, {@code SGR 91} gives
 * {@code indexed(9)}. tmux keeps these apart internally but a terminal draws them alike, so the oracle
 * does not distinguish them either.
 */
public sealed interface OracleColor {

    /** The terminal's default colour (SGR 39, 49 or 59). */
    OracleColor DEFAULT = new Default();

    /** Palette entry {@code index}, 0 to 255. */
    static OracleColor indexed(int index) {
        return new Indexed(index);
    }

    /** A direct colour, each channel 0 to 255. */
    static OracleColor rgb(int red, int green, int blue) {
        return new Rgb(red, green, blue);
    }

    /** The default colour; use {@link OracleColor#DEFAULT}. */
    record Default() implements OracleColor {
        @Override
        public String toString() {
            return "default";
        }
    }

    /** A palette entry. */
    record Indexed(int index) implements OracleColor {
        public Indexed {
            checkByte("index", index);
        }

        @Override
        public String toString() {
            return "indexed(" + index + ")";
        }
    }

    /** A direct colour. */
    record Rgb(int red, int green, int blue) implements OracleColor {
        public Rgb {
            checkByte("red", red);
            checkByte("green", green);
            checkByte("blue", blue);
        }

        @Override
        public String toString() {
            return "rgb(" + red + "," + green + "," + blue + ")";
        }
    }

    private static void checkByte(String name, int value) {
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException(name + " must be 0 to 255, not " + value);
        }
    }
}
