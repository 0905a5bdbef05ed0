package org.rnnslu.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rnnslu.io.InputException;
import org.rnnslu.io.TextLines;

/**
 * Readers for the three input formats. Every content problem is an {@link InputException} naming
 * the file and the 1-based line; {@link IOException} is left for real I/O failures.
 *
 * <p>Common rules: UTF-8 only (a BOM is skipped, CRLF accepted), words are separated by any run of
 * whitespace (spaces, tabs), leading/trailing whitespace is ignored, blank lines at the very end of
 * a file are ignored.
 */
public final class Readers {

    /** The ATIS layout's file names inside a split folder. */
    public static final String WORDS_FILE = "seq.in";
    public static final String SLOTS_FILE = "seq.out";
    public static final String INTENTS_FILE = "label";

    private Readers() {}

    /**
     * A directory is read as an ATIS split ({@link #readAtisSplit}), a {@code .tsv} file as
     * {@code LABEL<TAB>utterance} lines ({@link #readIntentText}), any other file as CoNLL.
     */
    public static List<Utterance> read(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            return readAtisSplit(path);
        }
        if (!Files.exists(path)) {
            throw new InputException(path, 0, "no such file or directory");
        }
        if (path.getFileName().toString().endsWith(".tsv")) {
            return readIntentText(path);
        }
        return readConll(path);
    }

    /**
     * Reads an ATIS split folder: {@code seq.in} (required, one utterance a line), {@code seq.out}
     * (optional: one IOB label per word; slots are null without it) and {@code label} (optional: one
     * intent a line; intent is null without it). All present files must have the same number of
     * lines and seq.out the same number of tokens per line as seq.in. Empty lines inside any of
     * them are errors (they would break the alignment).
     */
    public static List<Utterance> readAtisSplit(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new InputException(dir, 0, Files.exists(dir)
                    ? "expected a directory holding seq.in, seq.out, label"
                    : "no such directory");
        }
        Path inFile = dir.resolve(WORDS_FILE);
        Path outFile = dir.resolve(SLOTS_FILE);
        Path labelFile = dir.resolve(INTENTS_FILE);
        Budget budget = new Budget();
        Map<String, String> pool = new HashMap<>();
        List<String[]> words = readTokenLines(inFile, "empty utterance", pool, budget);
        List<String[]> slots = Files.exists(outFile)
                ? readTokenLines(outFile, "empty label line", pool, budget) : null;
        List<String> intents = Files.exists(labelFile) ? readIntentLines(labelFile, pool, budget) : null;
        if (slots != null) {
            checkLineCount(outFile, slots.size(), words.size());
        }
        if (intents != null) {
            checkLineCount(labelFile, intents.size(), words.size());
        }
        List<Utterance> out = new ArrayList<>(words.size());
        for (int i = 0; i < words.size(); i++) {
            String[] w = words.get(i);
            String[] s = slots == null ? null : slots.get(i);
            if (s != null && s.length != w.length) {
                throw new InputException(outFile, i + 1,
                        s.length + " labels for " + w.length + " words in " + WORDS_FILE);
            }
            out.add(new Utterance(w, s, intents == null ? null : intents.get(i)));
        }
        return out;
    }

    private static void checkLineCount(Path file, int lines, int expected) {
        if (lines != expected) {
            throw new InputException(file, Math.min(lines, expected) + 1,
                    file.getFileName() + " has " + lines + " lines, " + WORDS_FILE + " has " + expected);
        }
    }

    /** Non-blank lines as token arrays; blank lines before the end are an error. */
    private static List<String[]> readTokenLines(Path file, String blankReason,
            Map<String, String> pool, Budget budget) throws IOException {
        List<String[]> out = new ArrayList<>();
        int firstBlank = 0;
        try (TextLines lines = TextLines.open(file)) {
            for (String s = lines.next(); s != null; s = lines.next()) {
                String[] t = TextLines.tokens(s, pool);
                if (t.length == 0) {
                    if (firstBlank == 0) {
                        firstBlank = lines.lineNumber();
                    }
                    continue;
                }
                if (firstBlank != 0) {
                    throw new InputException(file, firstBlank, blankReason);
                }
                budget.charge(file, lines.lineNumber(), t.length, pool.size());
                out.add(t);
            }
        }
        if (out.isEmpty()) {
            throw new InputException(file, 0, "empty file");
        }
        return out;
    }

    private static List<String> readIntentLines(Path file, Map<String, String> pool, Budget budget)
            throws IOException {
        List<String[]> lines = readTokenLines(file, "empty intent line", pool, budget);
        List<String> out = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String[] t = lines.get(i);
            if (t.length != 1) {
                throw new InputException(file, i + 1,
                        "an intent is one token, found " + t.length + ": " + InputException.clip(String.join(" ", t)));
            }
            out.add(t[0]);
        }
        return out;
    }

    /**
     * Reads CoNLL-style columns: one {@code word ... label} per line (first column the word, last
     * the label, whitespace separated), a blank line between sentences (several in a row count as
     * one), {@code -DOCSTART-} lines ignored. Intents are null. A line with one column is an error.
     */
    public static List<Utterance> readConll(Path file) throws IOException {
        List<Utterance> out = new ArrayList<>();
        Budget budget = new Budget();
        Map<String, String> pool = new HashMap<>();
        List<String> words = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        try (TextLines lines = TextLines.open(file)) {
            for (String s = lines.next(); ; s = lines.next()) {
                String[] t = s == null ? new String[0] : TextLines.tokens(s, pool);
                if (t.length == 0 || t[0].equals("-DOCSTART-")) {
                    if (!words.isEmpty()) {
                        out.add(new Utterance(words.toArray(new String[0]),
                                labels.toArray(new String[0]), null));
                        words.clear();
                        labels.clear();
                    }
                    if (s == null) {
                        break;
                    }
                    continue;
                }
                if (t.length == 1) {
                    throw new InputException(file, lines.lineNumber(),
                            "one column (" + InputException.clip(t[0]) + "): expected a word and a label");
                }
                budget.charge(file, lines.lineNumber(), 2, pool.size());
                words.add(t[0]);
                labels.add(t[t.length - 1]);
            }
        }
        if (out.isEmpty()) {
            throw new InputException(file, 0, "no sentences (empty file?)");
        }
        return out;
    }

    /**
     * Reads {@code LABEL<TAB>utterance} lines (intent only; slots are null). The label is the text
     * before the first tab and must not contain whitespace; the utterance must have a word. Blank
     * lines are skipped.
     */
    public static List<Utterance> readIntentText(Path file) throws IOException {
        List<Utterance> out = new ArrayList<>();
        Budget budget = new Budget();
        Map<String, String> pool = new HashMap<>();
        try (TextLines lines = TextLines.open(file)) {
            for (String s = lines.next(); s != null; s = lines.next()) {
                if (TextLines.isBlank(s)) {
                    continue;
                }
                int tab = s.indexOf('\t');
                if (tab < 0) {
                    throw new InputException(file, lines.lineNumber(),
                            "no tab: expected LABEL<TAB>utterance");
                }
                String[] label = TextLines.tokens(s.substring(0, tab), pool);
                if (label.length != 1) {
                    throw new InputException(file, lines.lineNumber(), label.length == 0
                            ? "empty label before the tab"
                            : "label contains whitespace: " + InputException.clip(s.substring(0, tab).strip()));
                }
                String[] words = TextLines.tokens(s.substring(tab + 1), pool);
                if (words.length == 0) {
                    throw new InputException(file, lines.lineNumber(), "empty utterance after the tab");
                }
                budget.charge(file, lines.lineNumber(), words.length + 1, pool.size());
                out.add(new Utterance(words, null, label[0]));
            }
        }
        if (out.isEmpty()) {
            throw new InputException(file, 0, "empty file");
        }
        return out;
    }

    /**
     * A rough heap budget for one read: a file that would not fit in half of the free heap is an
     * InputException rather than an OutOfMemoryError. Estimates: 64 bytes an utterance, 8 a token,
     * 96 a distinct token.
     */
    static final class Budget {
        private final long limit;
        private long tokens;
        private long lines;

        Budget() {
            Runtime rt = Runtime.getRuntime();
            long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
            limit = Math.max(16L << 20, free / 2);
        }

        void charge(Path file, int line, int newTokens, int distinct) {
            tokens += newTokens;
            lines++;
            if ((lines & 1023) == 0 || newTokens > 4096) {
                long estimate = 64 * lines + 8 * tokens + 96L * distinct;
                if (estimate > limit) {
                    throw new InputException(file, line, "too much data for the heap (about "
                            + (estimate >> 20) + " MiB needed, " + (limit >> 20)
                            + " MiB available): raise -Xmx or split the file");
                }
            }
        }
    }
}
