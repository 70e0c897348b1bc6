package htty.term.screen;

import htty.term.record.RecordFormatException;
import htty.term.record.RecordReader;
import htty.term.record.RecordWriter;

/**
 * A line as compact bytes: its width and wrap flag, then its cells up to the last non-blank one
 * (characters as varints, renditions and underline colours run-length encoded, combining marks
 * sparse). The history keeps lines in this form, about a byte per character, and snapshots carry it
 * as is. The encoding is canonical: equal lines give equal bytes.
 */
public final class LineCodec {
    private LineCodec() {
    }

    /** Encodes {@code line} into {@code w} (appending). */
    public static void write(RecordWriter w, Line line) {
        int cols = line.cols();
        int used = line.usedLength();
        w.varint(cols);
        w.bool(line.wrapped());
        w.varint(used);
        int[] chars = line.chars;
        for (int x = 0; x < used; x++) {
            w.varint(chars[x]);
        }
        long[] attrs = line.attrs;
        for (int x = 0; x < used; ) {
            long a = attrs[x];
            int run = x + 1;
            while (run < used && attrs[run] == a) {
                run++;
            }
            w.varint(run - x);
            w.varint(a);
            x = run;
        }
        int[] underline = line.underlineColors;
        for (int x = 0; x < used; ) {
            int ul = underline == null ? Color.DEFAULT : underline[x];
            int run = underline == null ? used : x + 1;
            while (run < used && underline[run] == ul) {
                run++;
            }
            w.varint(run - x);
            w.varint(ul);
            x = run;
        }
        String[] marks = line.marks;
        int marked = 0;
        for (int x = 0; marks != null && x < used; x++) {
            marked += marks[x] != null ? 1 : 0;
        }
        w.varint(marked);
        for (int x = 0; marked > 0 && x < used; x++) {
            if (marks[x] != null) {
                w.varint(x);
                w.string(marks[x]);
            }
        }
    }

    /** Reads a line written by {@link #write}, at most {@code maxCols} wide, checking every cell. */
    public static Line read(RecordReader r, int maxCols) throws RecordFormatException {
        int cols = r.varint("line width", 1, maxCols);
        boolean wrapped = r.bool();
        int used = r.varint("used cells", 0, Math.min(cols, r.remaining()));
        int[] chars = new int[cols];
        for (int x = 0; x < used; x++) {
            chars[x] = r.varint();
        }
        long[] attrs = new long[cols];
        for (int x = 0; x < used; ) {
            int run = r.varint("rendition run", 1, used - x);
            long a = r.varlong();
            for (int i = 0; i < run; i++) {
                attrs[x++] = a;
            }
        }
        int[] underline = null;
        for (int x = 0; x < used; ) {
            int run = r.varint("underline colour run", 1, used - x);
            int ul = r.varint();
            if (ul != Color.DEFAULT && underline == null) {
                underline = new int[cols];
            }
            for (int i = 0; i < run; i++) {
                if (underline != null) {
                    underline[x] = ul;
                }
                x++;
            }
        }
        int marked = r.varint("marked cells", 0, used);
        String[] marks = marked == 0 ? null : new String[cols];
        int previous = -1;
        for (int i = 0; i < marked; i++) {
            int x = r.varint("marked column", previous + 1, used - 1);
            marks[x] = r.string("combining marks", Line.MAX_MARKS);
            previous = x;
        }
        try {
            Line line = Line.restore(chars, attrs, underline, marks, wrapped);
            if (line.usedLength() != used) {
                throw new RecordFormatException("line records " + used + " used cells but has " + line.usedLength());
            }
            return line;
        } catch (IllegalArgumentException e) {
            throw new RecordFormatException(e.getMessage());
        }
    }

    /** The line as a record of its own. */
    static byte[] encode(RecordWriter scratch, Line line) {
        scratch.reset();
        write(scratch, line);
        return scratch.toByteArray();
    }

    /** A line this program encoded itself: a failure to read it back is a bug, not bad input. */
    static Line decode(byte[] record) {
        try {
            return read(new RecordReader(record), Integer.MAX_VALUE);
        } catch (RecordFormatException e) {
            throw new IllegalStateException("a history line does not decode: " + e.getMessage(), e);
        }
    }
}
