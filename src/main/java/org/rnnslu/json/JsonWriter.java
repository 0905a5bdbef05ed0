package org.rnnslu.json;

import java.util.List;
import java.util.Map;

/**
 * Writes a tree of plain values as indented JSON, one member per line, in the maps' own order:
 * {@code Map<String, ?>} an object, {@code List<?>} an array, String, Boolean, Integer and Long as
 * themselves, any other Number with {@link Json#number} (6 significant digits, the same text on
 * every JDK), null and {@link Json#NULL} as null. The same tree gives the same text, which
 * {@link Json#parse} reads back.
 */
public final class JsonWriter {

    private JsonWriter() {}

    /** The value as JSON text with two-space indentation and a final newline. */
    public static String pretty(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 0);
        return sb.append('\n').toString();
    }

    private static void write(StringBuilder sb, Object v, int depth) {
        if (v == null || v == Json.NULL) {
            sb.append("null");
        } else if (v instanceof Map<?, ?> m) {
            object(sb, m, depth);
        } else if (v instanceof List<?> l) {
            array(sb, l, depth);
        } else if (v instanceof String s) {
            Json.quote(sb, s);
        } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long) {
            sb.append(v);
        } else if (v instanceof Number n) {
            Json.number(sb, n.doubleValue());
        } else {
            throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
        }
    }

    private static void object(StringBuilder sb, Map<?, ?> m, int depth) {
        if (m.isEmpty()) {
            sb.append("{}");
            return;
        }
        sb.append('{');
        String sep = "\n";
        for (Map.Entry<?, ?> e : m.entrySet()) {
            sb.append(sep);
            indent(sb, depth + 1);
            Json.quote(sb, String.valueOf(e.getKey())).append(": ");
            write(sb, e.getValue(), depth + 1);
            sep = ",\n";
        }
        sb.append('\n');
        indent(sb, depth);
        sb.append('}');
    }

    private static void array(StringBuilder sb, List<?> l, int depth) {
        if (l.isEmpty()) {
            sb.append("[]");
            return;
        }
        sb.append('[');
        String sep = "\n";
        for (Object x : l) {
            sb.append(sep);
            indent(sb, depth + 1);
            write(sb, x, depth + 1);
            sep = ",\n";
        }
        sb.append('\n');
        indent(sb, depth);
        sb.append(']');
    }

    private static void indent(StringBuilder sb, int depth) {
        for (int i = 0; i < depth; i++) {
            sb.append("  ");
        }
    }
}
