package org.rnnslu.json;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Strict JSON (RFC 8259): {@link #parse} reads one value into plain Java objects, the writing
 * helpers append JSON text to a StringBuilder.
 *
 * <p>Values read: an object is an unmodifiable {@code Map<String, Object>} in document order, an
 * array an unmodifiable {@code List<Object>}, a string a String, a number a {@link BigDecimal},
 * true/false a Boolean, null {@link #NULL}. Refused, each with a {@link JsonException} naming the
 * char offset: anything outside the grammar (comments, trailing commas, single quotes, leading
 * zeros, NaN, control characters in strings, bad escapes, lone surrogates), a duplicate key, text
 * after the value, nesting deeper than {@link #MAX_DEPTH}, a number longer than
 * {@link #MAX_NUMBER_CHARS}. Time and memory are linear in the input, whose size the caller bounds.
 */
public final class Json {

    /** Deepest nesting of arrays and objects accepted. */
    public static final int MAX_DEPTH = 64;
    /** Longest number literal accepted, in chars. */
    public static final int MAX_NUMBER_CHARS = 64;

    /** JSON's null (a Map or List cannot hold Java null). */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private final String s;
    private int i;

    private Json(String s) {
        this.s = s;
    }

    /** The single JSON value that {@code text} holds (whitespace around it allowed). */
    public static Object parse(String text) {
        Json p = new Json(text);
        p.skipSpace();
        Object v = p.value(0);
        p.skipSpace();
        if (p.i < text.length()) {
            throw p.error("unexpected " + p.describe() + " after the value");
        }
        return v;
    }

    private Object value(int depth) {
        if (i >= s.length()) {
            throw error("unexpected end of input, expected a value");
        }
        char c = s.charAt(i);
        switch (c) {
            case '{': return object(depth + 1);
            case '[': return array(depth + 1);
            case '"': return string();
            case 't': return literal("true", Boolean.TRUE);
            case 'f': return literal("false", Boolean.FALSE);
            case 'n': return literal("null", NULL);
            default:
                if (c == '-' || c >= '0' && c <= '9') {
                    return number();
                }
                throw error("unexpected " + describe() + ", expected a value");
        }
    }

    private Map<String, Object> object(int depth) {
        checkDepth(depth);
        i++; // {
        Map<String, Object> m = new LinkedHashMap<>();
        skipSpace();
        if (peek() == '}') {
            i++;
            return Collections.unmodifiableMap(m);
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw error("unexpected " + describe() + ", expected a \"key\"");
            }
            int at = i;
            String key = string();
            skipSpace();
            expect(':');
            skipSpace();
            Object v = value(depth);
            if (m.putIfAbsent(key, v) != null) {
                throw new JsonException(at, "duplicate key " + quoteClipped(key));
            }
            skipSpace();
            if (peek() == ',') {
                i++;
            } else if (peek() == '}') {
                i++;
                return Collections.unmodifiableMap(m);
            } else {
                throw error("unexpected " + describe() + ", expected ',' or '}'");
            }
        }
    }

    private List<Object> array(int depth) {
        checkDepth(depth);
        i++; // [
        List<Object> list = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
            i++;
            return Collections.unmodifiableList(list);
        }
        while (true) {
            skipSpace();
            list.add(value(depth));
            skipSpace();
            if (peek() == ',') {
                i++;
            } else if (peek() == ']') {
                i++;
                return Collections.unmodifiableList(list);
            } else {
                throw error("unexpected " + describe() + ", expected ',' or ']'");
            }
        }
    }

    private String string() {
        i++; // "
        StringBuilder sb = null;
        int run = i;
        while (true) {
            if (i >= s.length()) {
                throw error("unterminated string");
            }
            char c = s.charAt(i);
            if (c == '"') {
                String out = sb == null ? s.substring(run, i) : sb.append(s, run, i).toString();
                i++;
                return out;
            }
            if (c < 0x20) {
                throw error("control character U+" + String.format("%04X", (int) c) + " in a string (escape it)");
            }
            if (Character.isSurrogate(c)) {
                surrogatePair(c, s.length() > i + 1 ? s.charAt(i + 1) : 0);
                i += 2;
                continue;
            }
            if (c != '\\') {
                i++;
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder();
            }
            sb.append(s, run, i);
            escape(sb);
            run = i;
        }
    }

    /** A backslash escape at i, appended to sb; i ends after it. */
    private void escape(StringBuilder sb) {
        if (i + 1 >= s.length()) {
            throw error("unterminated string");
        }
        char e = s.charAt(i + 1);
        i += 2;
        switch (e) {
            case '"': sb.append('"'); return;
            case '\\': sb.append('\\'); return;
            case '/': sb.append('/'); return;
            case 'b': sb.append('\b'); return;
            case 'f': sb.append('\f'); return;
            case 'n': sb.append('\n'); return;
            case 'r': sb.append('\r'); return;
            case 't': sb.append('\t'); return;
            case 'u': break;
            default:
                i -= 2;
                throw error("bad escape \\" + printable(e));
        }
        char u = hex4(i - 2);
        if (Character.isHighSurrogate(u)) {
            if (!s.startsWith("\\u", i)) {
                throw new JsonException(i - 6, "lone surrogate \\u" + String.format("%04X", (int) u));
            }
            i += 2;
            char low = hex4(i - 2);
            surrogatePair(u, low);
            sb.append(u).append(low);
        } else if (Character.isLowSurrogate(u)) {
            throw new JsonException(i - 6, "lone surrogate \\u" + String.format("%04X", (int) u));
        } else {
            sb.append(u);
        }
    }

    /** The 4 hex digits at i (after a backslash-u at start); i ends after them. */
    private char hex4(int start) {
        if (i + 4 > s.length()) {
            throw new JsonException(start, "truncated \\u escape");
        }
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int d = Character.digit(s.charAt(i + k), 16);
            if (d < 0 || s.charAt(i + k) > 'f') {
                throw new JsonException(start, "bad \\u escape: 4 hex digits expected");
            }
            v = v * 16 + d;
        }
        i += 4;
        return (char) v;
    }

    private void surrogatePair(char high, char low) {
        if (!Character.isHighSurrogate(high) || !Character.isLowSurrogate(low)) {
            throw error("lone surrogate U+" + String.format("%04X", (int) high));
        }
    }

    private BigDecimal number() {
        int start = i;
        if (peek() == '-') {
            i++;
        }
        if (peek() == '0') {
            i++;
        } else if (isDigit(peek())) {
            digits();
        } else {
            throw error("a number needs digits after '-'");
        }
        if (peek() == '.') {
            i++;
            if (!isDigit(peek())) {
                throw error("a number needs digits after '.'");
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            i++;
            if (peek() == '+' || peek() == '-') {
                i++;
            }
            if (!isDigit(peek())) {
                throw error("a number needs digits in its exponent");
            }
            digits();
        }
        if (i - start > MAX_NUMBER_CHARS) {
            throw new JsonException(start, "number longer than " + MAX_NUMBER_CHARS + " chars");
        }
        if (isDigit(peek())) {
            throw error("leading zeros are not allowed");
        }
        try {
            return new BigDecimal(s.substring(start, i));
        } catch (NumberFormatException e) { // an exponent beyond int range
            throw new JsonException(start, "number out of range");
        }
    }

    private void digits() {
        int start = i;
        while (isDigit(peek())) {
            i++;
            if (i - start > MAX_NUMBER_CHARS) {
                throw new JsonException(start, "number longer than " + MAX_NUMBER_CHARS + " chars");
            }
        }
    }

    private Object literal(String word, Object v) {
        if (!s.startsWith(word, i)) {
            throw error("unexpected " + describe() + ", expected a value");
        }
        i += word.length();
        return v;
    }

    private void checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH);
        }
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("unexpected " + describe() + ", expected '" + c + "'");
        }
        i++;
    }

    private char peek() {
        return i < s.length() ? s.charAt(i) : 0xFFFF;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void skipSpace() {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            i++;
        }
    }

    private String describe() {
        return i >= s.length() ? "end of input" : "'" + printable(s.charAt(i)) + "'";
    }

    private static String printable(char c) {
        return c < 0x20 || c >= 0x7F ? String.format("U+%04X", (int) c) : String.valueOf(c);
    }

    private JsonException error(String reason) {
        return new JsonException(i, reason);
    }

    private static String quoteClipped(String key) {
        StringBuilder sb = new StringBuilder();
        quote(sb, key.length() > 40 ? key.substring(0, 40) + "..." : key);
        return sb.toString();
    }

    // ----- writing -----

    /**
     * Appends s as a JSON string: quotes, backslash escapes for " \ and control characters; a lone
     * surrogate (not text, and refused by strict readers) is written as U+FFFD.
     */
    public static StringBuilder quote(StringBuilder sb, String s) {
        sb.append('"');
        int run = 0;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c)) {
                continue;
            }
            sb.append(s, run, k);
            run = k + 1;
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (Character.isHighSurrogate(c) && k + 1 < s.length() && Character.isLowSurrogate(s.charAt(k + 1))) {
                        sb.append(c).append(s.charAt(k + 1)); // a pair stays as it is
                        run = ++k + 1;
                    } else {
                        sb.append(Character.isSurrogate(c) ? "\\ufffd" : String.format("\\u%04x", (int) c)); // strict readers refuse lone surrogates
                    }
            }
        }
        return sb.append(s, run, s.length()).append('"');
    }

    /** The string as a JSON string literal. */
    public static String quote(String s) {
        return quote(new StringBuilder(s.length() + 2), s).toString();
    }

    /**
     * Appends a probability-like number with 6 significant digits, trailing zeros dropped
     * ("0.991235", "1", "2.5E-7"): the same text on every JDK. NaN and infinities, which JSON cannot
     * hold, are written as null.
     */
    public static StringBuilder number(StringBuilder sb, double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return sb.append("null");
        }
        if (x == 0) {
            return sb.append('0');
        }
        BigDecimal d = new BigDecimal(x).round(new MathContext(6, RoundingMode.HALF_EVEN)).stripTrailingZeros();
        return sb.append(Math.abs(x) >= 1e-4 ? d.toPlainString() : d.toString());
    }

    /** Appends ["a","b",...]. */
    public static StringBuilder stringArray(StringBuilder sb, List<String> items) {
        sb.append('[');
        for (int k = 0; k < items.size(); k++) {
            if (k > 0) {
                sb.append(',');
            }
            quote(sb, items.get(k));
        }
        return sb.append(']');
    }
}
