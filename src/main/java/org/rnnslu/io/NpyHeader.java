package org.rnnslu.io;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code .npy} header: its dict literal ({@code {'descr': '<f4', 'fortran_order': False,
 * 'shape': (3, 4), }}) parsed with any key order, whitespace, trailing commas, 1-tuples and the
 * empty tuple of a 0-d scalar, and validated (float32 or float64, C order, a shape of at most
 * {@link Npy#MAX_ELEMENTS} elements). Every problem is an {@link InputException} naming the file.
 */
final class NpyHeader {

    private static final String EXPECTED = "(expected float32 '<f4' or float64 '<f8')";

    /** The dtype string: {@link Npy#F4} or {@link Npy#F8}. */
    final String descr;
    final int[] shape;
    /** The product of the shape. */
    final int count;

    private NpyHeader(String descr, int[] shape, int count) {
        this.descr = descr;
        this.shape = shape;
        this.count = count;
    }

    /** The header's bytes as text: Latin-1 for format versions 1 and 2, UTF-8 for 3. */
    static String decode(byte[] bytes, int major, Path file) {
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


    private static final Object NONE = new Object();

    /** Parses and validates a header dict. */
    static NpyHeader parse(String text, Path file) {
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
        if (!d.equals(Npy.F4) && !d.equals(Npy.F8)) {
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
            if (v > Npy.MAX_ELEMENTS) {
                throw new InputException(file, 0, "dimension " + v + " in shape " + printable(repr(shape), 60)
                        + " exceeds the limit of " + Npy.MAX_ELEMENTS + " elements");
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
                if (count > Npy.MAX_ELEMENTS / v) {
                    throw new InputException(file, 0, "shape " + Npy.shapeRepr(out) + " has more than the "
                            + Npy.MAX_ELEMENTS + " elements supported");
                }
                count *= v;
            }
        }
        return new NpyHeader(d, out, (int) count);
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
}
