package org.rnnslu.eval;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Chunk-level precision, recall and F1 computed exactly as conlleval.pl (version 2004-01-26, the
 * one the RNNSLU tutorial calls), line for line: the same {@code endOfChunk}/{@code startOfChunk}
 * rules (IOB1, IOB2, IOE and the script's partial E-/S- support, plus its {@code [ ] .} tags), the
 * same "chunk stays correct" state machine, sentence boundaries treated as an O token that is not
 * counted, and the same report format. Tags are split at the first hyphen ({@code B-fromloc.city}
 * is tag B, type fromloc.city; {@code O} is tag O, empty type).
 *
 * <p>All scores are percentages (0..100), as the script prints them. Feed sentences with
 * {@link #add}; read the scores at any time. Not thread-safe.
 */
public final class Conlleval {

    private static final String OUT = "O";

    private int tokens;
    private int correctTags;
    private int foundCorrect;
    private int foundGuessed;
    private int correctChunk;
    private final Map<String, int[]> perType = new TreeMap<>(); // type -> {foundCorrect, foundGuessed, correct}

    // the script's state, carried over sentence boundaries
    private boolean inCorrect;
    private String lastCorrect = OUT;
    private String lastCorrectType = "";
    private String lastGuessed = OUT;
    private String lastGuessedType = "";

    /** Scores of gold against predicted label sequences (same number of sentences, same lengths). */
    public static Conlleval evaluate(List<String[]> gold, List<String[]> predicted) {
        if (gold.size() != predicted.size()) {
            throw new IllegalArgumentException(
                    gold.size() + " gold sentences, " + predicted.size() + " predicted");
        }
        Conlleval c = new Conlleval();
        for (int i = 0; i < gold.size(); i++) {
            c.add(gold.get(i), predicted.get(i));
        }
        return c;
    }

    /** Adds one sentence: its gold and predicted labels, one per word; then a sentence boundary. */
    public Conlleval add(String[] gold, String[] predicted) {
        if (gold.length != predicted.length) {
            throw new IllegalArgumentException(
                    gold.length + " gold labels, " + predicted.length + " predicted");
        }
        for (int i = 0; i < gold.length; i++) {
            if (gold[i] == null || predicted[i] == null) {
                throw new IllegalArgumentException("null label at position " + i);
            }
        }
        for (int i = 0; i < gold.length; i++) {
            step(gold[i], predicted[i], false);
        }
        step(OUT, OUT, true);
        return this;
    }

    /** One line of the script's input: "word gold guessed", or the boundary line. */
    private void step(String goldLabel, String guessedLabel, boolean boundary) {
        String correct = tag(goldLabel);
        String correctType = type(goldLabel);
        String guessed = tag(guessedLabel);
        String guessedType = type(guessedLabel);
        if (boundary) {
            guessed = OUT; // 1999-06-26: sentence breaks are always out of chunk
        }

        boolean endCorrect = endOfChunk(lastCorrect, correct, lastCorrectType, correctType);
        boolean endGuessed = endOfChunk(lastGuessed, guessed, lastGuessedType, guessedType);
        if (inCorrect) {
            if (endCorrect && endGuessed && lastGuessedType.equals(lastCorrectType)) {
                inCorrect = false;
                correctChunk++;
                counts(lastCorrectType)[2]++;
            } else if (endCorrect != endGuessed || !guessedType.equals(correctType)) {
                inCorrect = false;
            }
        }

        boolean startCorrect = startOfChunk(lastCorrect, correct, lastCorrectType, correctType);
        boolean startGuessed = startOfChunk(lastGuessed, guessed, lastGuessedType, guessedType);
        if (startCorrect && startGuessed && guessedType.equals(correctType)) {
            inCorrect = true;
        }
        if (startCorrect) {
            foundCorrect++;
            counts(correctType)[0]++;
        }
        if (startGuessed) {
            foundGuessed++;
            counts(guessedType)[1]++;
        }
        if (!boundary) {
            if (correct.equals(guessed) && guessedType.equals(correctType)) {
                correctTags++;
            }
            tokens++;
        }

        lastGuessed = guessed;
        lastCorrect = correct;
        lastGuessedType = guessedType;
        lastCorrectType = correctType;
    }

    private int[] counts(String type) {
        return perType.computeIfAbsent(type, k -> new int[3]);
    }

    /** The part before the first hyphen, or the whole label ({@code /^([^-]*)-(.*)$/}). */
    static String tag(String label) {
        int h = label.indexOf('-');
        return h < 0 ? label : label.substring(0, h);
    }

    /** The part after the first hyphen, or "" (also "" for "0", as Perl's truthiness has it). */
    static String type(String label) {
        int h = label.indexOf('-');
        String t = h < 0 ? "" : label.substring(h + 1);
        return t.equals("0") ? "" : t;
    }

    /** conlleval.pl's endOfChunk: did a chunk end between the previous and this word? */
    static boolean endOfChunk(String prevTag, String tag, String prevType, String type) {
        boolean chunkEnd = false;
        if (prevTag.equals("B") && tag.equals("B")) chunkEnd = true;
        if (prevTag.equals("B") && tag.equals("O")) chunkEnd = true;
        if (prevTag.equals("I") && tag.equals("B")) chunkEnd = true;
        if (prevTag.equals("I") && tag.equals("O")) chunkEnd = true;

        if (prevTag.equals("E") && tag.equals("E")) chunkEnd = true;
        if (prevTag.equals("E") && tag.equals("I")) chunkEnd = true;
        if (prevTag.equals("E") && tag.equals("O")) chunkEnd = true;
        if (prevTag.equals("I") && tag.equals("O")) chunkEnd = true;

        if (!prevTag.equals("O") && !prevTag.equals(".") && !prevType.equals(type)) {
            chunkEnd = true;
        }
        // corrected 1998-12-22: these chunks are assumed to have length 1
        if (prevTag.equals("]")) chunkEnd = true;
        if (prevTag.equals("[")) chunkEnd = true;
        return chunkEnd;
    }

    /** conlleval.pl's startOfChunk: did a chunk start between the previous and this word? */
    static boolean startOfChunk(String prevTag, String tag, String prevType, String type) {
        boolean chunkStart = false;
        if (prevTag.equals("B") && tag.equals("B")) chunkStart = true;
        if (prevTag.equals("I") && tag.equals("B")) chunkStart = true;
        if (prevTag.equals("O") && tag.equals("B")) chunkStart = true;
        if (prevTag.equals("O") && tag.equals("I")) chunkStart = true;

        if (prevTag.equals("E") && tag.equals("E")) chunkStart = true;
        if (prevTag.equals("E") && tag.equals("I")) chunkStart = true;
        if (prevTag.equals("O") && tag.equals("E")) chunkStart = true;
        if (prevTag.equals("O") && tag.equals("I")) chunkStart = true;

        if (!tag.equals("O") && !tag.equals(".") && !prevType.equals(type)) {
            chunkStart = true;
        }
        // corrected 1998-12-22: these chunks are assumed to have length 1
        if (tag.equals("[")) chunkStart = true;
        if (tag.equals("]")) chunkStart = true;
        return chunkStart;
    }

    /** A chunk still open and correct at the end of the input counts (the script's last step). */
    private int finalCorrect() {
        return correctChunk + (inCorrect ? 1 : 0);
    }

    /** Tokens processed (boundaries excluded). */
    public int tokens() {
        return tokens;
    }

    /** Tokens whose predicted label equals the gold one. */
    public int correctTags() {
        return correctTags;
    }

    /** Chunks in the gold labels ("phrases"). */
    public int goldChunks() {
        return foundCorrect;
    }

    /** Chunks in the predictions ("found"). */
    public int predictedChunks() {
        return foundGuessed;
    }

    /** Predicted chunks identical to a gold chunk (same span, same type). */
    public int correctChunks() {
        return finalCorrect();
    }

    /** Percentage of tokens with the right label; 0 without tokens. */
    public double accuracy() {
        return tokens > 0 ? 100.0 * correctTags / tokens : 0.0;
    }

    /** Chunk precision in percent; 0 when nothing was predicted. */
    public double precision() {
        return foundGuessed > 0 ? 100.0 * finalCorrect() / foundGuessed : 0.0;
    }

    /** Chunk recall in percent; 0 when the gold has no chunk. */
    public double recall() {
        return foundCorrect > 0 ? 100.0 * finalCorrect() / foundCorrect : 0.0;
    }

    /** Chunk F1 (FB1) in percent; 0 when precision + recall is 0. */
    public double f1() {
        return fb1(precision(), recall());
    }

    private static double fb1(double p, double r) {
        return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
    }

    /** Scores of one chunk type. */
    public record TypeScore(String type, int goldChunks, int predictedChunks, int correctChunks) {

        public double precision() {
            return predictedChunks > 0 ? 100.0 * correctChunks / predictedChunks : 0.0;
        }

        public double recall() {
            return goldChunks > 0 ? 100.0 * correctChunks / goldChunks : 0.0;
        }

        public double f1() {
            return fb1(precision(), recall());
        }
    }

    /** Per chunk type, sorted by type name as the script sorts them. */
    public Map<String, TypeScore> byType() {
        Map<String, TypeScore> out = new TreeMap<>();
        for (Map.Entry<String, int[]> e : perType.entrySet()) {
            int[] c = e.getValue();
            int correct = c[2] + (inCorrect && e.getKey().equals(lastCorrectType) ? 1 : 0);
            out.put(e.getKey(), new TypeScore(e.getKey(), c[0], c[1], correct));
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * The script's report:
     * <pre>
     * processed 9 tokens with 3 phrases; found: 3 phrases; correct: 2.
     * accuracy:  88.89%; precision:  66.67%; recall:  66.67%; FB1:  66.67
     *              city: precision:  50.00%; recall:  50.00%; FB1:  50.00  2
     * </pre>
     * (the accuracy line only when there were tokens). Numbers are rounded as C's printf rounds
     * them: the exact binary value, ties to even.
     */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append("processed ").append(tokens).append(" tokens with ").append(foundCorrect)
                .append(" phrases; found: ").append(foundGuessed).append(" phrases; correct: ")
                .append(finalCorrect()).append(".\n");
        if (tokens > 0) {
            sb.append("accuracy: ").append(f62(accuracy())).append("%; precision: ")
                    .append(f62(precision())).append("%; recall: ").append(f62(recall()))
                    .append("%; FB1: ").append(f62(f1())).append('\n');
        }
        for (TypeScore t : byType().values()) {
            // the script's de-duplication of sorted type names tests "not($lastType)", false for
            // the empty type (labels without a hyphen, such as "X"): it prints that line once per
            // table (gold, predicted) holding it
            int times = t.type().isEmpty() && t.goldChunks() > 0 && t.predictedChunks() > 0 ? 2 : 1;
            for (int k = 0; k < times; k++) {
                sb.append(String.format(Locale.ROOT, "%17s", t.type())).append(": precision: ")
                    .append(f62(t.precision())).append("%; recall: ").append(f62(t.recall()))
                    .append("%; FB1: ").append(f62(t.f1())).append("  ").append(t.predictedChunks())
                    .append('\n');
            }
        }
        return sb.toString();
    }

    /** printf("%6.2f") with glibc's rounding (exact value of the double, half to even). */
    static String f62(double v) {
        String s = new BigDecimal(v).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
        return s.length() >= 6 ? s : " ".repeat(6 - s.length()) + s;
    }

    @Override
    public String toString() {
        return format();
    }
}
