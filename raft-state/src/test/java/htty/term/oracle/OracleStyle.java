package htty.term.oracle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The rendition of a captured cell: its three colours, its on/off attributes and its underline style.
 * Two styles are equal exactly when a terminal would draw them alike, so a test can compare a cell of
 * our emulator with a cell of tmux by {@code equals}.
 *
 * @param foreground     the text colour
 * @param background     the cell colour
 * @param underlineColor the underline colour (SGR 58); {@link OracleColor#DEFAULT} means "same as the text"
 * @param attributes     the attributes that are on; held as an unmodifiable copy
 * @param underline      the underline style, {@link Underline#NONE} if not underlined
 */
public record OracleStyle(
        OracleColor foreground,
        OracleColor background,
        OracleColor underlineColor,
        Set<Attribute> attributes,
        Underline underline) {

    /** A cell nobody styled: default colours, no attributes. */
    public static final OracleStyle DEFAULT =
            new OracleStyle(OracleColor.DEFAULT, OracleColor.DEFAULT, OracleColor.DEFAULT, Set.of(), Underline.NONE);

    /** The on/off attributes of SGR, each named after its effect. */
    public enum Attribute {
        /** SGR 1. */
        BOLD,
        /** SGR 2. */
        DIM,
        /** SGR 3. */
        ITALIC,
        /** SGR 5 (tmux folds rapid blink, SGR 6, into it). */
        BLINK,
        /** SGR 7. */
        INVERSE,
        /** SGR 8. */
        HIDDEN,
        /** SGR 9. */
        STRIKETHROUGH,
        /** SGR 53. */
        OVERLINE
    }

    /** The underline styles: SGR 4 and its sub-parameters 4:0 to 4:5. */
    public enum Underline {
        NONE, SINGLE, DOUBLE, CURLY, DOTTED, DASHED
    }

    public OracleStyle {
        Objects.requireNonNull(foreground, "foreground");
        Objects.requireNonNull(background, "background");
        Objects.requireNonNull(underlineColor, "underlineColor");
        Objects.requireNonNull(underline, "underline");
        // An EnumSet keeps toString in declaration order; equals compares contents either way.
        attributes = attributes.isEmpty()
                ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(attributes));
    }

    /** This style with another text colour. */
    public OracleStyle withForeground(OracleColor color) {
        return new OracleStyle(color, background, underlineColor, attributes, underline);
    }

    /** This style with another cell colour. */
    public OracleStyle withBackground(OracleColor color) {
        return new OracleStyle(foreground, color, underlineColor, attributes, underline);
    }

    /** This style with another underline colour. */
    public OracleStyle withUnderlineColor(OracleColor color) {
        return new OracleStyle(foreground, background, color, attributes, underline);
    }

    /** This style with {@code attribute} on as well. */
    public OracleStyle with(Attribute attribute) {
        EnumSet<Attribute> more = EnumSet.of(attribute);
        more.addAll(attributes);
        return new OracleStyle(foreground, background, underlineColor, more, underline);
    }

    /** This style with another underline style. */
    public OracleStyle withUnderline(Underline style) {
        return new OracleStyle(foreground, background, underlineColor, attributes, style);
    }

    /** Only what differs from {@link #DEFAULT}, e.g. {@code "fg=indexed(1) bold"}, or {@code "default"}. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        if (!foreground.equals(OracleColor.DEFAULT)) {
            parts.add("fg=" + foreground);
        }
        if (!background.equals(OracleColor.DEFAULT)) {
            parts.add("bg=" + background);
        }
        if (!underlineColor.equals(OracleColor.DEFAULT)) {
            parts.add("ulColor=" + underlineColor);
        }
        if (underline != Underline.NONE) {
            parts.add("underline=" + underline.name().toLowerCase(Locale.ROOT));
        }
        for (Attribute attribute : attributes) {
            parts.add(attribute.name().toLowerCase(Locale.ROOT));
        }
        return parts.isEmpty() ? "default" : String.join(" ", parts);
    }
}
