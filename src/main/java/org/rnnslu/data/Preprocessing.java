package org.rnnslu.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rnnslu.io.AtomicFiles;
import org.rnnslu.io.InputException;
import org.rnnslu.io.KeyValueLines;
import org.rnnslu.io.TextLines;

/**
 * How raw words become vocabulary entries. Immutable.
 *
 * @param digits replace every digit character (any Unicode decimal digit) by the string
 *     {@code DIGIT}: "1984" becomes "DIGITDIGITDIGITDIGIT", "3pm" "DIGITpm" (as RNNSLU's data)
 * @param minCount training words seen fewer than minCount times (after normalization) are left out
 *     of the vocabulary and read as {@code <UNK>}; 1 keeps every word
 * @param lowercase lower-case words first (Locale.ROOT); ATIS is already lower case
 */
public record Preprocessing(boolean digits, int minCount, boolean lowercase) {

    /** digits=true, min_count=2, lowercase=false. */
    public static final Preprocessing DEFAULT = new Preprocessing(true, 2, false);

    /** Keys of the key=value form. */
    public static final String DIGITS_KEY = "digits";
    public static final String MIN_COUNT_KEY = "min_count";
    public static final String LOWERCASE_KEY = "lowercase";

    public Preprocessing {
        if (minCount < 1) {
            throw new IllegalArgumentException("min_count must be >= 1, got " + minCount);
        }
    }

    /** The normalized form of a word: lower-cased if asked, then digits replaced if asked. */
    public String normalize(String word) {
        String w = lowercase ? word.toLowerCase(Locale.ROOT) : word;
        if (!digits) {
            return w;
        }
        int i = 0;
        int n = w.length();
        while (i < n && !Character.isDigit(w.codePointAt(i))) {
            i += Character.charCount(w.codePointAt(i));
        }
        if (i == n) {
            return w;
        }
        StringBuilder sb = new StringBuilder(n + 16).append(w, 0, i);
        while (i < n) {
            int cp = w.codePointAt(i);
            if (Character.isDigit(cp)) {
                sb.append("DIGIT");
            } else {
                sb.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    /** {@code digits=true}, {@code min_count=2}, {@code lowercase=false}, in that order. */
    public List<String> toLines() {
        return List.of(DIGITS_KEY + "=" + digits, MIN_COUNT_KEY + "=" + minCount,
                LOWERCASE_KEY + "=" + lowercase);
    }

    /**
     * Parses key=value lines (line i of the list is line i+1 of {@code file}, which is only used in
     * messages). Blank lines and lines starting with '#' are skipped, keys this class does not own
     * are ignored (the file may hold other hyper-parameters), spaces around key and value are
     * trimmed. Each of the three keys must appear exactly once with a valid value.
     */
    public static Preprocessing parse(List<String> lines, Path file) {
        Map<String, String> values = new HashMap<>();
        Map<String, Integer> lineOf = new HashMap<>();
        for (KeyValueLines.Entry e : KeyValueLines.parse(lines, file)) {
            String key = e.key();
            if (!key.equals(DIGITS_KEY) && !key.equals(MIN_COUNT_KEY) && !key.equals(LOWERCASE_KEY)) {
                continue;
            }
            if (values.containsKey(key)) {
                throw new InputException(file, e.line(),
                        "duplicate key " + key + " (first on line " + lineOf.get(key) + ")");
            }
            values.put(key, e.value());
            lineOf.put(key, e.line());
        }
        boolean d = bool(values, lineOf, DIGITS_KEY, file);
        boolean lc = bool(values, lineOf, LOWERCASE_KEY, file);
        String mc = require(values, MIN_COUNT_KEY, file);
        int min;
        try {
            min = Integer.parseInt(mc);
        } catch (NumberFormatException e) {
            min = 0;
        }
        if (min < 1) {
            throw new InputException(file, lineOf.get(MIN_COUNT_KEY),
                    MIN_COUNT_KEY + " must be an integer >= 1, got: " + InputException.clip(mc));
        }
        return new Preprocessing(d, min, lc);
    }

    private static String require(Map<String, String> values, String key, Path file) {
        String v = values.get(key);
        if (v == null) {
            throw new InputException(file, 0, "missing " + key + "=...");
        }
        return v;
    }

    private static boolean bool(Map<String, String> values, Map<String, Integer> lineOf, String key,
            Path file) {
        String v = require(values, key, file);
        if (v.equals("true")) {
            return true;
        }
        if (v.equals("false")) {
            return false;
        }
        throw new InputException(file, lineOf.get(key),
                key + " must be true or false, got: " + InputException.clip(v));
    }

    /** Writes {@link #toLines()} to a file, atomically. */
    public void save(Path file) throws IOException {
        AtomicFiles.writeLines(file, toLines());
    }

    /** Reads a file written by {@link #save} (or any key=value file holding the three keys). */
    public static Preprocessing load(Path file) throws IOException {
        return parse(new ArrayList<>(TextLines.readAll(file)), file);
    }
}
