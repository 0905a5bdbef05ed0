package org.rnnslu.text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.rnnslu.io.AtomicFiles;
import org.rnnslu.io.InputException;
import org.rnnslu.io.KeyValueLines;
import org.rnnslu.io.TextLines;

/**
 * Turns ordinary text into the tokens an ATIS-style model was trained on, keeping each token's
 * character span in the original string. Immutable and thread-safe.
 *
 * <p>In {@link Mode#TEXT} (the default) "I'd like a flight from Boston to N.Y. at 5:30pm, please"
 * becomes {@code i'd like a flight from boston to new york at 530 pm please}, which is how the ATIS
 * files write it:
 * <ul>
 *   <li>lower case (per char, so spans stay exact); curly apostrophes become {@code '};
 *   <li>punctuation is dropped: the data has no punctuation tokens; hyphens, slashes and the like
 *       split words ("non-stop" → non stop);
 *   <li>an apostrophe between letters stays in the word (i'd, o'clock, what's, delta's);
 *   <li>an abbreviation keeps its final period (st. louis), and so does a single letter, an initial
 *       (lester b. pearson), when {@code initials} is on;
 *   <li>expansions replace a whole word by one or more tokens that share its span (n.y. → new york,
 *       p.m. → pm); other dotted acronyms lose their dots (u.s.a. → usa);
 *   <li>times: "5pm" → 5 pm, "5:30" → 530, "10:15a.m." → 1015 am; digits inside numbers lose
 *       their thousands commas ("1,000" → 1000).
 * </ul>
 * {@link Mode#WHITESPACE} splits on whitespace only, changing nothing (how {@code tag} always read
 * its input before there was a tokenizer).
 *
 * <p>A model folder may hold the settings as {@value #FILE} (see {@link #parse}); a folder without
 * one reads text with {@link #DEFAULT}.
 */
public final class Tokenizer {

    /** The settings file in a model folder. */
    public static final String FILE = "tokenizer.properties";

    /** How text is split. */
    public enum Mode {
        /** The ATIS conventions (the class comment). */
        TEXT,
        /** Whitespace runs separate tokens; nothing else changes. */
        WHITESPACE;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Map<String, List<String>> DEFAULT_EXPANSIONS = defaultExpansions();

    /** The ATIS conventions with their default abbreviations and expansions. */
    public static final Tokenizer DEFAULT = new Tokenizer(Mode.TEXT, true, true, true, Set.of("st."), DEFAULT_EXPANSIONS);

    /** Whitespace splitting only. */
    public static final Tokenizer WHITESPACE = new Tokenizer(Mode.WHITESPACE, false, false, false, Set.of(), Map.of());

    private final Mode mode;
    private final boolean lowercase;
    private final boolean times;
    private final boolean initials;
    private final Set<String> abbreviations;
    private final Map<String, List<String>> expansions;

    /**
     * @param abbreviations words that keep their final period (lower case, each ending in '.')
     * @param expansions a whole word (lower case, as written, dots included) to the tokens replacing it
     */
    public Tokenizer(Mode mode, boolean lowercase, boolean times, boolean initials, Set<String> abbreviations,
                     Map<String, List<String>> expansions) {
        for (String a : abbreviations) {
            if (a.length() < 2 || !a.endsWith(".") || hasSpace(a)) {
                throw new IllegalArgumentException("an abbreviation is a word ending in '.', got '" + a + "'");
            }
        }
        for (Map.Entry<String, List<String>> e : expansions.entrySet()) {
            if (e.getKey().isEmpty() || hasSpace(e.getKey()) || e.getValue().isEmpty()) {
                throw new IllegalArgumentException("bad expansion '" + e.getKey() + "' -> " + e.getValue());
            }
            for (String t : e.getValue()) {
                if (t.isEmpty() || hasSpace(t)) {
                    throw new IllegalArgumentException("bad token '" + t + "' in the expansion of '" + e.getKey() + "'");
                }
            }
        }
        this.mode = mode;
        this.lowercase = lowercase;
        this.times = times;
        this.initials = initials;
        this.abbreviations = Set.copyOf(abbreviations);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        expansions.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        this.expansions = Map.copyOf(copy);
    }

    public Mode mode() {
        return mode;
    }

    /** The tokens of {@code text}, in order, each with its span in {@code text}. */
    public List<Token> tokenize(String text) {
        List<Token> out = new ArrayList<>();
        int n = text.length();
        char[] c = mode == Mode.TEXT ? normalized(text) : null;
        for (int i = 0; i < n; ) {
            while (i < n && TextLines.isSeparator(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !TextLines.isSeparator(text.charAt(i))) {
                i++;
            }
            if (i == start) {
                continue;
            }
            if (mode == Mode.WHITESPACE) {
                out.add(new Token(text.substring(start, i), start, i));
            } else {
                chunk(c, start, i, out);
            }
        }
        return out;
    }

    /** The tokens' texts alone. */
    public String[] words(String text) {
        List<Token> tokens = tokenize(text);
        String[] out = new String[tokens.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = tokens.get(i).text();
        }
        return out;
    }

    /** text with each char lower-cased (if asked) and curly apostrophes straightened: the same length. */
    private char[] normalized(String text) {
        char[] c = text.toCharArray();
        for (int i = 0; i < c.length; i++) {
            char ch = c[i];
            if (ch == '\u2019' || ch == '\u2018' || ch == '\u02BC') {
                c[i] = '\'';
            } else if (lowercase && !Character.isSurrogate(ch)) {
                c[i] = Character.toLowerCase(ch);
            }
        }
        return c;
    }

    /** The tokens of one whitespace-free chunk c[from, to): word segments between punctuation. */
    private void chunk(char[] c, int from, int to, List<Token> out) {
        int i = from;
        while (i < to) {
            if (!Character.isLetterOrDigit(c[i])) {
                i++; // punctuation outside a word: the data has none
                continue;
            }
            int j = i + 1;
            while (j < to && (Character.isLetterOrDigit(c[j]) || joins(c, j, to))) {
                j++;
            }
            int end = j < to && c[j] == '.' && keepsPeriod(c, i, j) ? j + 1 : j;
            segment(c, i, end, out);
            i = end;
        }
    }

    /** Whether the mark at j joins the word chars on either side into one word. */
    private static boolean joins(char[] c, int j, int to) {
        if (j + 1 >= to || !Character.isLetterOrDigit(c[j + 1]) || !Character.isLetterOrDigit(c[j - 1])) {
            return false;
        }
        boolean letters = Character.isLetter(c[j - 1]) && Character.isLetter(c[j + 1]);
        boolean digits = Character.isDigit(c[j - 1]) && Character.isDigit(c[j + 1]);
        switch (c[j]) {
            case '\'': return letters;                    // i'd, o'clock
            case '.': return letters || digits;           // n.y, 1.5
            case ':': case ',': return digits;            // 5:30, 1,000
            default: return false;
        }
    }

    /** Whether the word c[i, j) keeps the period at j: an abbreviation, an expansion, an acronym, an initial. */
    private boolean keepsPeriod(char[] c, int i, int j) {
        String w = new String(c, i, j - i + 1);
        return abbreviations.contains(w) || expansions.containsKey(w) || isAcronym(w) || initials && j - i == 1
                && Character.isLetter(c[i]) || times && isTime(w);
    }

    /** One word c[from, to) (word chars at both ends, or a kept final period) into its tokens. */
    private void segment(char[] c, int from, int to, List<Token> out) {
        String w = new String(c, from, to - from);
        List<String> expansion = expansions.get(w);
        if (expansion == null && !w.endsWith(".")) {
            expansion = expansions.get(w + ".");
        }
        if (expansion != null) {
            for (String t : expansion) {
                out.add(new Token(t, from, to));
            }
        } else if (abbreviations.contains(w) || initials && w.length() == 2 && w.charAt(1) == '.') {
            out.add(new Token(w, from, to));
        } else if (times && isTime(w)) {
            time(w, from, out);
        } else if (isAcronym(w) || isAcronym(w + ".")) {
            out.add(new Token(w.replace(".", ""), from, to));
        } else {
            out.add(new Token(isNumber(w) ? w.replace(",", "") : w, from, to));
        }
    }

    /** Letters separated by periods, ending with one: "n.y.", "u.s.a.". */
    private static boolean isAcronym(String w) {
        if (w.length() < 4 || w.length() % 2 != 0) {
            return false;
        }
        for (int k = 0; k < w.length(); k += 2) {
            if (!Character.isLetter(w.charAt(k)) || w.charAt(k + 1) != '.') {
                return false;
            }
        }
        return true;
    }

    /** 1-2 digits, optionally ":" and 2 digits, then am/pm (a.m./p.m.); or h:mm alone. */
    private static boolean isTime(String w) {
        int k = 0;
        while (k < w.length() && isAsciiDigit(w.charAt(k))) {
            k++;
        }
        if (k < 1 || k > 2) {
            return false;
        }
        boolean colon = false;
        if (k < w.length() && w.charAt(k) == ':') {
            if (k + 3 > w.length() || !isAsciiDigit(w.charAt(k + 1)) || !isAsciiDigit(w.charAt(k + 2))) {
                return false;
            }
            colon = true;
            k += 3;
        }
        String rest = w.substring(k);
        return rest.isEmpty() ? colon : meridiem(rest) != null;
    }

    /** "am"/"pm" for am, pm, a.m, a.m., p.m, p.m.; else null. */
    private static String meridiem(String s) {
        String bare = s.replace(".", "");
        if (!bare.equals("am") && !bare.equals("pm")) {
            return null;
        }
        return s.equals(bare) || s.equals(bare.charAt(0) + ".m") || s.equals(bare.charAt(0) + ".m.") ? bare : null;
    }

    /** A time word at {@code from}: the digits without the colon, then am/pm with its own span. */
    private static void time(String w, int from, List<Token> out) {
        int k = 0;
        while (k < w.length() && (isAsciiDigit(w.charAt(k)) || w.charAt(k) == ':')) {
            k++;
        }
        out.add(new Token(w.substring(0, k).replace(":", ""), from, from + k));
        if (k < w.length()) {
            out.add(new Token(meridiem(w.substring(k)), from + k, from + w.length()));
        }
    }

    private static boolean isNumber(String w) {
        for (int k = 0; k < w.length(); k++) {
            char ch = w.charAt(k);
            if (!Character.isDigit(ch) && ch != ',' && ch != '.') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiDigit(char ch) {
        return ch >= '0' && ch <= '9';
    }

    private static boolean hasSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (TextLines.isSeparator(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    // ----- tokenizer.properties -----

    /** The settings as key=value lines, every key written (parse reads them back). */
    public List<String> toLines() {
        List<String> lines = new ArrayList<>();
        lines.add("# rnnslu tokenizer: how raw text becomes this model's words");
        lines.add("mode=" + mode.id());
        lines.add("lowercase=" + lowercase);
        lines.add("times=" + times);
        lines.add("initials=" + initials);
        lines.add("abbreviations=" + String.join(" ", new TreeSet<>(abbreviations)));
        new java.util.TreeMap<>(expansions).forEach((k, v) -> lines.add("expand." + k + "=" + String.join(" ", v)));
        return lines;
    }

    /**
     * Parses key=value lines: {@code mode=text|whitespace}, {@code lowercase}, {@code times},
     * {@code initials} (true|false), {@code abbreviations=st. mt.} (space-separated) and any number
     * of {@code expand.WORD=TOKEN ...}. Blank lines and '#' comments are skipped; a key left out
     * takes {@link #DEFAULT}'s value, except that the expansions are exactly the expand. lines. An
     * unknown or repeated key, or a bad value, is an InputException naming the file and line.
     */
    public static Tokenizer parse(List<String> lines, Path file) {
        Map<String, String> values = new HashMap<>();
        Map<String, List<String>> expansions = new LinkedHashMap<>();
        Map<String, Integer> lineOf = new HashMap<>();
        for (KeyValueLines.Entry e : KeyValueLines.parse(lines, file)) {
            int i = e.line() - 1;
            String key = e.key();
            String value = e.value();
            if (lineOf.containsKey(key)) {
                throw new InputException(file, i + 1, "duplicate key " + clip(key) + " (first on line "
                        + lineOf.get(key) + ")");
            }
            lineOf.put(key, i + 1);
            if (key.startsWith("expand.") && key.length() > "expand.".length()) {
                List<String> tokens = List.of(value.split(" +"));
                if (value.isEmpty()) {
                    throw new InputException(file, i + 1, key + " needs at least one token");
                }
                expansions.put(key.substring("expand.".length()), tokens);
            } else if (Set.of("mode", "lowercase", "times", "initials", "abbreviations").contains(key)) {
                values.put(key, value);
            } else {
                throw new InputException(file, i + 1, "unknown key " + clip(key)
                        + " (expected mode, lowercase, times, initials, abbreviations, expand.WORD)");
            }
        }
        Mode mode = DEFAULT.mode;
        if (values.containsKey("mode")) {
            mode = switch (values.get("mode")) {
                case "text" -> Mode.TEXT;
                case "whitespace" -> Mode.WHITESPACE;
                default -> throw new InputException(file, lineOf.get("mode"), "mode must be text or whitespace, got: "
                        + clip(values.get("mode")));
            };
        }
        Set<String> abbreviations = DEFAULT.abbreviations;
        if (values.containsKey("abbreviations")) {
            String v = values.get("abbreviations");
            abbreviations = v.isEmpty() ? Set.of() : Set.of(v.split(" +"));
        }
        try {
            return new Tokenizer(mode, bool(values, lineOf, "lowercase", DEFAULT.lowercase, file),
                    bool(values, lineOf, "times", DEFAULT.times, file), bool(values, lineOf, "initials", DEFAULT.initials, file),
                    abbreviations, expansions);
        } catch (IllegalArgumentException e) {
            throw new InputException(file, 0, e.getMessage());
        }
    }

    private static boolean bool(Map<String, String> values, Map<String, Integer> lineOf, String key, boolean fallback,
                                Path file) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (v.equals("true") || v.equals("false")) {
            return v.equals("true");
        }
        throw new InputException(file, lineOf.get(key), key + " must be true or false, got: " + clip(v));
    }

    /** Writes {@value #FILE} into a model folder, atomically. */
    public void save(Path dir) throws IOException {
        AtomicFiles.writeLines(dir.resolve(FILE), toLines());
    }

    /** The tokenizer of a model folder: its {@value #FILE}, or {@link #DEFAULT} when it has none. */
    public static Tokenizer load(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return DEFAULT;
        }
        return parse(TextLines.readAll(file), file);
    }

    /** At most 60 chars of a value, for messages. */
    private static String clip(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }

    private static Map<String, List<String>> defaultExpansions() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("n.y.", List.of("new", "york"));
        m.put("nyc", List.of("new", "york", "city"));
        m.put("l.a.", List.of("los", "angeles"));
        m.put("d.c.", List.of("dc"));
        m.put("a.m.", List.of("am"));
        m.put("p.m.", List.of("pm"));
        m.put("ft.", List.of("fort"));
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tokenizer t && t.toLines().equals(toLines());
    }

    @Override
    public int hashCode() {
        return toLines().hashCode();
    }

    @Override
    public String toString() {
        return "Tokenizer[" + String.join(", ", toLines().subList(1, 6)) + ", " + expansions.size() + " expansions]";
    }
}
