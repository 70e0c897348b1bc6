package htty.term.render;

/** Titles as a client's terminal may receive them. */
public final class Titles {
    private Titles() {
    }

    /** The title without C0 or C1 control characters, which a terminal could act on. */
    public static String printable(String title) {
        StringBuilder s = new StringBuilder(title.length());
        title.codePoints().filter(cp -> cp >= 0x20 && (cp < 0x7F || cp > 0x9F)).forEach(s::appendCodePoint);
        return s.toString();
    }
}
