package org.rnnslu.eval;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import org.rnnslu.io.AtomicFiles;

/**
 * Writes the file conlleval.pl reads: one {@code word gold predicted} line a token, an empty line
 * after each sentence; UTF-8, written to a temporary file and renamed (atomic).
 */
public final class PredictionsWriter {

    private PredictionsWriter() {}

    /**
     * @param words per sentence, its words
     * @param gold per sentence, one gold label per word
     * @param predicted per sentence, one predicted label per word
     * @throws IllegalArgumentException when the lists or a sentence's arrays differ in length, or a
     *     field is empty or holds whitespace (the script splits on spaces)
     */
    public static void write(Path file, List<String[]> words, List<String[]> gold,
            List<String[]> predicted) throws IOException {
        if (words.size() != gold.size() || words.size() != predicted.size()) {
            throw new IllegalArgumentException(words.size() + " sentences, " + gold.size()
                    + " gold, " + predicted.size() + " predicted");
        }
        for (int s = 0; s < words.size(); s++) {
            int n = words.get(s).length;
            if (gold.get(s).length != n || predicted.get(s).length != n) {
                throw new IllegalArgumentException("sentence " + s + ": " + n + " words, "
                        + gold.get(s).length + " gold, " + predicted.get(s).length + " predicted");
            }
            for (int i = 0; i < n; i++) {
                check(words.get(s)[i], s, i);
                check(gold.get(s)[i], s, i);
                check(predicted.get(s)[i], s, i);
            }
        }
        AtomicFiles.write(file, out -> {
            for (int s = 0; s < words.size(); s++) {
                writeSentence(out, words.get(s), gold.get(s), predicted.get(s));
            }
        });
    }

    private static void writeSentence(Writer out, String[] w, String[] g, String[] p)
            throws IOException {
        for (int i = 0; i < w.length; i++) {
            out.write(w[i]);
            out.write(' ');
            out.write(g[i]);
            out.write(' ');
            out.write(p[i]);
            out.write('\n');
        }
        out.write('\n');
    }

    private static void check(String field, int sentence, int position) {
        if (field == null || field.isEmpty()) {
            throw new IllegalArgumentException(
                    "sentence " + sentence + ", token " + position + ": empty field");
        }
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                throw new IllegalArgumentException("sentence " + sentence + ", token " + position
                        + ": whitespace in field '" + field + "'");
            }
        }
    }
}
