package org.rnnslu.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.rnnslu.data.AtomicFiles;
import org.rnnslu.data.InputException;

/**
 * Reads and writes NumPy {@code .npy} files holding float32 ({@code <f4}) or float64
 * ({@code <f8}) arrays in C order, with no dependency beyond the JDK.
 *
 * <p>Reading accepts format versions 1.0, 2.0 and 3.0 and parses the header dict literal
 * ({@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }}) with any key order,
 * whitespace, trailing commas, 1-tuples and the empty tuple of a 0-d scalar. Every problem with
 * the file's content (bad magic, unsupported version or dtype, Fortran order, a malformed
 * header, a shape that does not match the bytes that follow, trailing bytes) is an {@link
 * InputException} whose one-line message names the file. Memory is allocated only after the
 * shape has been checked against the file's actual size, so a hostile header cannot make the
 * reader allocate more than the file holds.
 *
 * <p>Writing produces exactly the bytes {@code numpy.save} produces for a C-contiguous
 * little-endian array (version 1.0 header, space padded so that the data starts at a multiple
 * of 64 bytes), through {@link AtomicFiles} (the target is replaced atomically).
 */
public final class Npy {

    /** Little-endian float32 dtype string. */
    public static final String F4 = "<f4";
    /** Little-endian float64 dtype string. */
    public static final String F8 = "<f8";

    /** Largest element count this reader accepts (Java arrays cannot be much larger). */
    public static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    /** Largest header this reader accepts; NumPy itself refuses more than 10000 by default. */
    static final int MAX_HEADER_LEN = 1 << 20;

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ARRAY_ALIGN = 64;
    /** NumPy leaves room for the first axis to grow to this many digits. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    private static final int CHUNK_BYTES = 1 << 20;
    private static final String EXPECTED = "(expected float32 '<f4' or float64 '<f8')";

    private Npy() {}

    // ------------------------------------------------------------------------------------ read

    /**
     * Reads a {@code .npy} file.
     *
     * @throws InputException if the file is not a well-formed float32/float64 C-order .npy file
     * @throws IOException if the file cannot be opened or read
     */
    public static NpyArray read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new InputException(file, 0, "is a directory, not a .npy file");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            // prefix: magic (6), version (2), header length (2 or 4)
            byte[] head = new byte[(int) Math.min(size, 12)];
            readFully(ch, ByteBuffer.wrap(head), 0, file);
            if (size == 0) {
                throw new InputException(file, 0, "empty file, not a .npy file");
            }
            int magicLen = Math.min(head.length, MAGIC.length);
            for (int i = 0; i < magicLen; i++) {
                if (head[i] != MAGIC[i]) {
                    throw new InputException(file, 0, "not a .npy file (bad magic bytes " + hex(head, 0, magicLen) + ")");
                }
            }
            if (head.length < 8) {
                throw new InputException(file, 0, "truncated: " + size + " bytes, too short for a .npy header");
            }
            int major = head[6] & 0xff;
            int minor = head[7] & 0xff;
            int prefix;
            if (major == 1 && minor == 0) {
                prefix = 10;
            } else if ((major == 2 || major == 3) && minor == 0) {
                prefix = 12;
            } else {
                throw new InputException(file, 0, "unsupported .npy format version " + major + "." + minor
                        + " (expected 1.0, 2.0 or 3.0)");
            }
            if (size < prefix) {
                throw new InputException(file, 0, "truncated: " + size + " bytes, file ends inside the header length field");
            }
            ByteBuffer lenBuf = ByteBuffer.wrap(head, 8, prefix - 8).order(ByteOrder.LITTLE_ENDIAN);
            long headerLen = prefix == 10 ? (lenBuf.getShort() & 0xffffL) : (lenBuf.getInt() & 0xffffffffL);
            if (headerLen > size - prefix) {
                throw new InputException(file, 0, "truncated: header length " + headerLen + " but only "
                        + (size - prefix) + " bytes follow the " + prefix + "-byte prefix");
            }
            if (headerLen > MAX_HEADER_LEN) {
                throw new InputException(file, 0, "header length " + headerLen + " too large (limit " + MAX_HEADER_LEN + ")");
            }
            ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
            readFully(ch, hb, prefix, file);
            String headerText = decodeHeader(hb.array(), major, file);
            Header h = parseHeader(headerText, file);

            long dataOffset = prefix + headerLen;
            int itemSize = h.descr.equals(F4) ? 4 : 8;
            long dataBytes = (long) h.count * itemSize;
            long remaining = size - dataOffset;
            if (remaining < dataBytes) {
                throw new InputException(file, 0, "truncated: shape " + shapeRepr(h.shape) + " " + h.descr + " needs "
                        + dataBytes + " data bytes but only " + remaining + " follow the header");
            }
            if (remaining > dataBytes) {
                throw new InputException(file, 0, "trailing garbage: " + (remaining - dataBytes)
                        + " bytes after the " + dataBytes + " data bytes of shape " + shapeRepr(h.shape) + " " + h.descr);
            }
            float[] out = new float[h.count];
            readData(ch, dataOffset, out, itemSize, file);
            return new NpyArray(h.shape, out, h.descr);
        }
    }

    /**
     * Throws if the array holds a NaN or an infinity, naming the first such element.
     *
     * @throws InputException {@code wx.npy: non-finite value NaN at index [1, 2] (element 5 of 6)}
     */
    public static void requireFinite(NpyArray array, Path file) {
        float[] d = array.data();
        for (int i = 0; i < d.length; i++) {
            if (!Float.isFinite(d[i])) {
                throw new InputException(file, 0, "non-finite value " + d[i] + " at index "
                        + indexRepr(array.shape(), i) + " (element " + i + " of " + d.length + ")");
            }
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position, Path file) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos);
            if (r < 0) {
                throw new InputException(file, 0, "truncated: file ended at byte " + pos + " while reading");
            }
            pos += r;
        }
    }

    private static void readData(FileChannel ch, long offset, float[] out, int itemSize, Path file)
            throws IOException {
        int perChunk = CHUNK_BYTES / itemSize;
        ByteBuffer buf = ByteBuffer.allocate(Math.min(out.length, perChunk) * itemSize).order(ByteOrder.LITTLE_ENDIAN);
        long pos = offset;
        int done = 0;
        while (done < out.length) {
            int n = Math.min(out.length - done, perChunk);
            buf.clear();
            buf.limit(n * itemSize);
            readFully(ch, buf, pos, file);
            pos += (long) n * itemSize;
            buf.flip();
            if (itemSize == 4) {
                buf.asFloatBuffer().get(out, done, n);
            } else {
                java.nio.DoubleBuffer db = buf.asDoubleBuffer();
                for (int i = 0; i < n; i++) {
                    out[done + i] = (float) db.get(i);
                }
            }
            done += n;
        }
    }

    private static String decodeHeader(byte[] bytes, int major, Path file) {
        if (major < 3) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InputException(file, 0, "header is not valid UTF-8");
        }
    }

    // ---------------------------------------------------------------------------- header parse

    /** The validated content of a header dict. */
    static final class Header {
        final String descr;
        final int[] shape;
        final int count;

        Header(String descr, int[] shape, int count) {
            this.descr = descr;
            this.shape = shape;
            this.count = count;
        }
    }

    private static final Object NONE = new Object();

    /** Parses and validates a header dict; package-private for tests. */
    static Header parseHeader(String text, Path file) {
        Object value = new LiteralParser(text, file).parseTop();
        if (!(value instanceof Dict)) {
            throw new InputException(file, 0, "header is not a dict: " + snippet(text));
        }
        Dict dict = (Dict) value;
        Object descr = null;
        Object fortran = null;
        Object shape = null;
        for (int i = 0; i < dict.keys.size(); i++) {
            Object k = dict.keys.get(i);
            Object v = dict.values.get(i);
            if (!(k instanceof String)) {
                throw new InputException(file, 0, "header key " + repr(k) + " is not a string");
            }
            String key = (String) k;
            boolean duplicate;
            switch (key) {
                case "descr":
                    duplicate = descr != null;
                    descr = v;
                    break;
                case "fortran_order":
                    duplicate = fortran != null;
                    fortran = v;
                    break;
                case "shape":
                    duplicate = shape != null;
                    shape = v;
                    break;
                default:
                    throw new InputException(file, 0, "header has unexpected key '" + printable(key, 40)
                            + "' (expected 'descr', 'fortran_order', 'shape')");
            }
            if (duplicate) {
                throw new InputException(file, 0, "header has key '" + key + "' twice");
            }
        }
        if (descr == null) {
            throw new InputException(file, 0, "header is missing 'descr'");
        }
        if (fortran == null) {
            throw new InputException(file, 0, "header is missing 'fortran_order'");
        }
        if (shape == null) {
            throw new InputException(file, 0, "header is missing 'shape'");
        }

        if (!(descr instanceof String)) {
            throw new InputException(file, 0, "dtype " + printable(repr(descr), 60) + " not supported " + EXPECTED);
        }
        String d = (String) descr;
        if (!d.equals(F4) && !d.equals(F8)) {
            String why = d.startsWith(">") ? "is big-endian, not supported " : "not supported ";
            throw new InputException(file, 0, "dtype '" + printable(d, 40) + "' " + why + EXPECTED);
        }

        if (!(fortran instanceof Boolean)) {
            throw new InputException(file, 0, "fortran_order " + printable(repr(fortran), 40) + " is not True or False");
        }
        if ((Boolean) fortran) {
            throw new InputException(file, 0, "fortran_order True not supported (expected C order, fortran_order False)");
        }

        if (!(shape instanceof Tuple) || ((Tuple) shape).list) {
            throw new InputException(file, 0, "shape " + printable(repr(shape), 60) + " is not a tuple of integers");
        }
        List<Object> dims = ((Tuple) shape).items;
        int[] out = new int[dims.size()];
        for (int i = 0; i < out.length; i++) {
            Object o = dims.get(i);
            if (!(o instanceof Long)) {
                throw new InputException(file, 0, "shape " + printable(repr(shape), 60) + " is not a tuple of integers");
            }
            long v = (Long) o;
            if (v < 0) {
                throw new InputException(file, 0, "negative dimension " + v + " in shape " + printable(repr(shape), 60));
            }
            if (v > MAX_ELEMENTS) {
                throw new InputException(file, 0, "dimension " + v + " in shape " + printable(repr(shape), 60)
                        + " exceeds the limit of " + MAX_ELEMENTS + " elements");
            }
            out[i] = (int) v;
        }
        long count = 1;
        boolean zero = false;
        for (int v : out) {
            if (v == 0) {
                zero = true;
            }
        }
        if (zero) {
            count = 0;
        } else {
            for (int v : out) {
                if (count > MAX_ELEMENTS / v) {
                    throw new InputException(file, 0, "shape " + shapeRepr(out) + " has more than the "
                            + MAX_ELEMENTS + " elements supported");
                }
                count *= v;
            }
        }
        return new Header(d, out, (int) count);
    }

    /** A parsed Python dict; keys and values in file order. */
    private static final class Dict {
        final List<Object> keys = new ArrayList<>();
        final List<Object> values = new ArrayList<>();
    }

    /** A parsed Python tuple or list. */
    private static final class Tuple {
        final List<Object> items = new ArrayList<>();
        final boolean list;

        Tuple(boolean list) {
            this.list = list;
        }
    }

    /**
     * Recursive-descent parser for the Python literals a .npy header may hold: dicts, tuples,
     * lists, strings, integers (with Python 2's {@code L} suffix), True, False, None.
     */
    private static final class LiteralParser {
        private static final int MAX_DEPTH = 32;
        private final String s;
        private final Path file;
        private int pos;
        private int depth;

        LiteralParser(String s, Path file) {
            this.s = s;
            this.file = file;
        }

        Object parseTop() {
            skipSpace();
            Object v = value();
            skipSpace();
            if (pos != s.length()) {
                throw error("unexpected " + describe(pos) + " after the header dict");
            }
            return v;
        }

        private Object value() {
            if (pos >= s.length()) {
                throw error("header ends where a value was expected");
            }
            char c = s.charAt(pos);
            switch (c) {
                case '{':
                    return nested(this::dict);
                case '(':
                    return nested(() -> sequence(')', false));
                case '[':
                    return nested(() -> sequence(']', true));
                case '\'':
                case '"':
                    return string(c);
                default:
                    if (c == '-' || c == '+' || (c >= '0' && c <= '9')) {
                        return integer();
                    }
                    if (Character.isLetter(c)) {
                        return name();
                    }
                    throw error("unexpected " + describe(pos));
            }
        }

        private Object nested(java.util.function.Supplier<Object> inner) {
            if (++depth > MAX_DEPTH) {
                throw error("header nests deeper than " + MAX_DEPTH + " levels");
            }
            Object v = inner.get();
            depth--;
            return v;
        }

        private Object dict() {
            Dict d = new Dict();
            pos++; // '{'
            skipSpace();
            while (true) {
                if (peek() == '}') {
                    pos++;
                    return d;
                }
                Object k = value();
                skipSpace();
                expect(':');
                skipSpace();
                Object v = value();
                d.keys.add(k);
                d.values.add(v);
                skipSpace();
                if (peek() == ',') {
                    pos++;
                    skipSpace();
                } else if (peek() != '}') {
                    throw error("expected ',' or '}' in the header dict, found " + describe(pos));
                }
            }
        }

        private Object sequence(char close, boolean list) {
            Tuple t = new Tuple(list);
            pos++; // '(' or '['
            skipSpace();
            boolean sawComma = false;
            while (true) {
                if (peek() == close) {
                    pos++;
                    // (5) is just 5 in Python; only (5,) is a 1-tuple
                    if (!list && t.items.size() == 1 && !sawComma) {
                        return t.items.get(0);
                    }
                    return t;
                }
                t.items.add(value());
                skipSpace();
                if (peek() == ',') {
                    pos++;
                    sawComma = true;
                    skipSpace();
                } else if (peek() != close) {
                    throw error("expected ',' or '" + close + "', found " + describe(pos));
                } else {
                    sawComma = false;
                }
            }
        }

        private String string(char quote) {
            int start = ++pos;
            while (pos < s.length() && s.charAt(pos) != quote) {
                char c = s.charAt(pos);
                if (c == '\\') {
                    throw error("escape sequences in header strings are not supported");
                }
                if (c == '\n' || c == '\r') {
                    throw error("unterminated string in header");
                }
                pos++;
            }
            if (pos >= s.length()) {
                throw error("unterminated string in header");
            }
            String v = s.substring(start, pos);
            pos++;
            return v;
        }

        private Long integer() {
            int start = pos;
            boolean negative = false;
            if (s.charAt(pos) == '-' || s.charAt(pos) == '+') {
                negative = s.charAt(pos) == '-';
                pos++;
            }
            int digitsStart = pos;
            long v = 0;
            while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
                int digit = s.charAt(pos) - '0';
                if (v > (Long.MAX_VALUE - digit) / 10) {
                    throw error("integer " + printable(s.substring(start, Math.min(s.length(), start + 30)), 30)
                            + "... in header is too large");
                }
                v = v * 10 + digit;
                pos++;
            }
            if (pos == digitsStart) {
                throw error("malformed number " + describe(start));
            }
            if (pos < s.length() && (s.charAt(pos) == 'L' || s.charAt(pos) == 'l')) {
                pos++; // Python 2 long suffix, as written by old NumPy versions
            }
            if (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
                throw error("malformed number " + printable(s.substring(start, Math.min(s.length(), pos + 1)), 30));
            }
            return negative ? -v : v;
        }

        private Object name() {
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                pos++;
            }
            String n = s.substring(start, pos);
            switch (n) {
                case "True":
                    return Boolean.TRUE;
                case "False":
                    return Boolean.FALSE;
                case "None":
                    return NONE;
                default:
                    throw error("unexpected name '" + printable(n, 30) + "' in header");
            }
        }

        private char peek() {
            if (pos >= s.length()) {
                throw error("header ends before its dict is closed");
            }
            return s.charAt(pos);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "', found " + describe(pos));
            }
            pos++;
        }

        private void skipSpace() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
                    pos++;
                } else {
                    break;
                }
            }
        }

        private String describe(int at) {
            if (at >= s.length()) {
                return "end of header";
            }
            char c = s.charAt(at);
            String ch = c >= 0x20 && c < 0x7f ? "'" + c + "'" : "U+" + Integer.toHexString(c);
            return ch + " at column " + (at + 1);
        }

        private InputException error(String reason) {
            return new InputException(file, 0, "malformed header: " + reason + ": " + snippet(s));
        }
    }

    private static String repr(Object o) {
        if (o instanceof String) {
            return "'" + o + "'";
        }
        if (o instanceof Boolean) {
            return (Boolean) o ? "True" : "False";
        }
        if (o == NONE) {
            return "None";
        }
        if (o instanceof Tuple) {
            Tuple t = (Tuple) o;
            StringBuilder b = new StringBuilder(t.list ? "[" : "(");
            for (int i = 0; i < t.items.size(); i++) {
                if (i > 0) {
                    b.append(", ");
                }
                b.append(repr(t.items.get(i)));
            }
            if (!t.list && t.items.size() == 1) {
                b.append(',');
            }
            return b.append(t.list ? "]" : ")").toString();
        }
        if (o instanceof Dict) {
            return "{...}";
        }
        return String.valueOf(o);
    }

    /** The header text trimmed, made printable and cut to a readable length. */
    private static String snippet(String header) {
        return "\"" + printable(header.strip(), 100) + "\"";
    }

    private static String printable(String s, int max) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < max; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        if (s.length() > max) {
            b.append("...");
        }
        return b.toString();
    }

    private static String hex(byte[] b, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            sb.append(Character.forDigit((b[i] >> 4) & 0xf, 16)).append(Character.forDigit(b[i] & 0xf, 16));
        }
        return sb.toString();
    }

    private static String indexRepr(int[] shape, int flat) {
        int[] idx = new int[shape.length];
        int rest = flat;
        for (int a = shape.length - 1; a >= 0; a--) {
            idx[a] = rest % shape[a];
            rest /= shape[a];
        }
        StringBuilder b = new StringBuilder("[");
        for (int a = 0; a < idx.length; a++) {
            if (a > 0) {
                b.append(", ");
            }
            b.append(idx[a]);
        }
        return b.append(']').toString();
    }

    /** NumPy's repr of a shape tuple: {@code ()}, {@code (5,)}, {@code (2, 3)}. */
    public static String shapeRepr(int[] shape) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(shape[i]);
        }
        if (shape.length == 1) {
            b.append(',');
        }
        return b.append(')').toString();
    }

    // ----------------------------------------------------------------------------------- write

    /**
     * Writes a float32 array as a version 1.0 {@code <f4} .npy file, byte for byte as {@code
     * numpy.save} would, replacing {@code file} atomically.
     *
     * @param shape the dimensions; none for a 0-d scalar (then {@code data.length} must be 1)
     * @throws IllegalArgumentException if the shape does not match {@code data.length}
     */
    public static void write(Path file, float[] data, int... shape) throws IOException {
        checkShape(data.length, shape);
        byte[] header = header(F4, shape);
        AtomicFiles.writeBytes(file, out -> {
            out.write(header);
            ByteBuffer buf = ByteBuffer.allocate(Math.min(data.length, CHUNK_BYTES / 4) * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int done = 0; done < data.length; ) {
                int n = Math.min(data.length - done, buf.capacity() / 4);
                buf.clear();
                buf.asFloatBuffer().put(data, done, n);
                buf.limit(n * 4);
                out.write(buf.array(), 0, buf.limit());
                done += n;
            }
        });
    }

    /** Writes an {@link NpyArray} as float32, see {@link #write(Path, float[], int...)}. */
    public static void write(Path file, NpyArray array) throws IOException {
        write(file, array.data(), array.shape());
    }

    /**
     * Writes a float64 array as a version 1.0 {@code <f8} .npy file, replacing {@code file}
     * atomically.
     */
    public static void writeDouble(Path file, double[] data, int... shape) throws IOException {
        checkShape(data.length, shape);
        byte[] header = header(F8, shape);
        AtomicFiles.writeBytes(file, out -> {
            out.write(header);
            ByteBuffer buf = ByteBuffer.allocate(Math.min(data.length, CHUNK_BYTES / 8) * 8).order(ByteOrder.LITTLE_ENDIAN);
            for (int done = 0; done < data.length; ) {
                int n = Math.min(data.length - done, buf.capacity() / 8);
                buf.clear();
                buf.asDoubleBuffer().put(data, done, n);
                buf.limit(n * 8);
                out.write(buf.array(), 0, buf.limit());
                done += n;
            }
        });
    }

    private static void checkShape(int length, int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + shapeRepr(shape));
            }
            n *= d;
            if (n > MAX_ELEMENTS) {
                throw new IllegalArgumentException("shape " + shapeRepr(shape) + " is too large");
            }
        }
        if (n != length) {
            throw new IllegalArgumentException("shape " + shapeRepr(shape) + " has " + n
                    + " elements but the data has " + length);
        }
    }

    /**
     * The complete header (magic, version, length, dict, padding, newline) NumPy writes for a
     * C-order array of this dtype and shape: version 1.0 unless the header needs more than
     * 65535 bytes, padded so that its length is a multiple of 64.
     */
    static byte[] header(String descr, int[] shape) {
        StringBuilder dict = new StringBuilder();
        dict.append("{'descr': '").append(descr).append("', 'fortran_order': False, 'shape': ")
                .append(shapeRepr(shape)).append(", }");
        if (shape.length > 0) {
            // numpy >= 1.24 leaves room for the first axis to grow in place
            int digits = Integer.toString(shape[0]).length();
            dict.append(" ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - digits)));
        }
        int major = 1;
        int prefix = 10;
        int hlen = dict.length() + 1;
        int padlen = ARRAY_ALIGN - ((prefix + hlen) % ARRAY_ALIGN);
        if (hlen + padlen > 0xffff) {
            major = 2;
            prefix = 12;
            padlen = ARRAY_ALIGN - ((prefix + hlen) % ARRAY_ALIGN);
        }
        dict.append(" ".repeat(padlen)).append('\n');
        byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(prefix + text.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            b.putShort((short) text.length);
        } else {
            b.putInt(text.length);
        }
        b.put(text);
        return b.array();
    }
}
