package htty.term;

import htty.term.parser.Params;
import htty.term.screen.Attrs;
import htty.term.screen.Color;

/**
 * Select Graphic Rendition (ECMA-48 8.3.117, with xterm's extensions): applies {@code CSI ... m} to a
 * pen. Colours come in the ISO 8613-6 colon form ({@code 38:2::r:g:b}, {@code 38:5:n}) and in the
 * common semicolon form ({@code 38;2;r;g;b}, {@code 38;5;n}); underline styles as {@code 4:n}.
 */
final class Sgr {
    private Sgr() {
    }

    static void apply(Params p, Pen pen) {
        long a = pen.attrs;
        int ul = pen.underlineColor;
        if (p.size() == 0) {
            pen.reset();
            return;
        }
        int i = 0;
        while (i < p.size()) {
            int next = p.nextGroup(i);
            int v = p.get(i, 0);
            switch (v) {
                case 0 -> {
                    a = Attrs.PLAIN;
                    ul = Color.DEFAULT;
                }
                case 1 -> a |= Attrs.BOLD;
                case 2 -> a |= Attrs.DIM;
                case 3 -> a |= Attrs.ITALIC;
                case 4 -> {
                    int style = next > i + 1 ? p.get(i + 1, 1) : Attrs.UNDERLINE_SINGLE;
                    if (style <= Attrs.UNDERLINE_DASHED) {
                        a = Attrs.withUnderline(a, style);
                    }
                }
                case 5, 6 -> a |= Attrs.BLINK;
                case 7 -> a |= Attrs.INVERSE;
                case 8 -> a |= Attrs.HIDDEN;
                case 9 -> a |= Attrs.STRIKE;
                case 21 -> a = Attrs.withUnderline(a, Attrs.UNDERLINE_DOUBLE);
                case 22 -> a &= ~(Attrs.BOLD | Attrs.DIM);
                case 23 -> a &= ~Attrs.ITALIC;
                case 24 -> a = Attrs.withUnderline(a, Attrs.UNDERLINE_NONE);
                case 25 -> a &= ~Attrs.BLINK;
                case 27 -> a &= ~Attrs.INVERSE;
                case 28 -> a &= ~Attrs.HIDDEN;
                case 29 -> a &= ~Attrs.STRIKE;
                case 39 -> a = Attrs.withFg(a, Color.DEFAULT);
                case 49 -> a = Attrs.withBg(a, Color.DEFAULT);
                case 53 -> a |= Attrs.OVERLINE;
                case 55 -> a &= ~Attrs.OVERLINE;
                case 59 -> ul = Color.DEFAULT;
                case 38, 48, 58 -> {
                    long read = extendedColor(p, i, next);
                    int color = (int) read;
                    next = (int) (read >>> 32);
                    if (color != -1) {
                        if (v == 38) {
                            a = Attrs.withFg(a, color);
                        } else if (v == 48) {
                            a = Attrs.withBg(a, color);
                        } else {
                            ul = color;
                        }
                    }
                }
                default -> {
                    if (v >= 30 && v <= 37) {
                        a = Attrs.withFg(a, Color.indexed(v - 30));
                    } else if (v >= 40 && v <= 47) {
                        a = Attrs.withBg(a, Color.indexed(v - 40));
                    } else if (v >= 90 && v <= 97) {
                        a = Attrs.withFg(a, Color.indexed(v - 90 + 8));
                    } else if (v >= 100 && v <= 107) {
                        a = Attrs.withBg(a, Color.indexed(v - 100 + 8));
                    } // anything else is ignored
                }
            }
            i = next;
        }
        pen.set(a, ul);
    }

    /**
     * Reads the colour of a 38/48/58 group starting at {@code i}: returns where the next group starts
     * in the high 32 bits and the colour (-1 when invalid) in the low 32.
     */
    private static long extendedColor(Params p, int i, int next) {
        int color = -1;
        int after;
        if (next > i + 1) {
            // Colon form: everything is in this group.
            int n = next - i;
            int kind = p.get(i + 1);
            if (kind == 5 && n >= 3) {
                color = palette(p.get(i + 2));
            } else if (kind == 2 && n >= 5) {
                int first = n >= 6 ? i + 3 : i + 2; // 38:2:CS:r:g:b, or 38:2:r:g:b without the colour space
                color = rgb(p.get(first), p.get(first + 1), p.get(first + 2));
            }
            after = next;
        } else {
            // Semicolon form: the values are the following parameters.
            int kind = p.get(i + 1);
            if (kind == 5) {
                color = i + 2 < p.size() ? palette(p.get(i + 2)) : -1;
                after = i + 3;
            } else if (kind == 2) {
                color = i + 4 < p.size() ? rgb(p.get(i + 2), p.get(i + 3), p.get(i + 4)) : -1;
                after = i + 5;
            } else {
                after = i + 2;
            }
            after = Math.min(p.size(), after);
        }
        return (long) after << 32 | (color & 0xFFFF_FFFFL);
    }

    private static int palette(int n) {
        return n >= 0 && n <= 255 ? Color.indexed(n) : -1;
    }

    private static int rgb(int r, int g, int b) {
        if (r < 0 || r > 255 || g < 0 || g > 255 || b < 0 || b > 255) {
            return -1;
        }
        return Color.rgb(r, g, b);
    }
}
