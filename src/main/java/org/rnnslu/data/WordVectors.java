package org.rnnslu.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.rnnslu.io.InputException;
import org.rnnslu.io.TextLines;

/**
 * Pretrained word vectors from a word2vec or GloVe text file, for the words of a vocabulary: one
 * word a line followed by its values, {@code word v1 ... vd}, separated by spaces or tabs (a
 * trailing space is allowed, as word2vec writes one), UTF-8. word2vec's optional first line
 * {@code COUNT DIM} (two whole numbers) is a header: then DIM is the dimension and exactly COUNT
 * vectors must follow.
 *
 * <p>A file word is looked up as the vocabulary stores words: after the recipe's preprocessing
 * ({@link Preprocessing#normalize}: lower-cased with {@code lowercase=true}, each digit
 * {@code DIGIT} with {@code digits=true}). When several file words normalise to one vocabulary
 * entry ("12" and "34" both to "DIGITDIGIT"), the first line wins. The same word twice in the file
 * is an error, as is anything else that is not such a file: a blank line, a line with another number
 * of values than the others (or than the expected dimension), a value that is not a finite float
 * ({@code NaN} and {@code Infinity} are refused), an empty file. Each is an {@link InputException}
 * naming the file and the line. The file is opened through {@link TextLines}, so a directory, a
 * FIFO or an unreadable file is refused before anything is read, and a line is never longer than
 * {@link TextLines#maxLineBytes()}.
 *
 * <p>Only the vectors of vocabulary words are kept ([ne, de] at most), so a large file costs
 * reading, not memory beyond one set of its words.
 */
public final class WordVectors {

    private final Path file;
    private final int dimension;
    private final float[] rows;      // [ne, de]: row i is vocabulary entry i's vector where found[i]
    private final boolean[] found;   // [ne]
    private final int foundCount;
    private final String sha256;
    private final long bytes;

    private WordVectors(Path file, int dimension, float[] rows, boolean[] found, int foundCount, String sha256,
                        long bytes) {
        this.file = file;
        this.dimension = dimension;
        this.rows = rows;
        this.found = found;
        this.foundCount = foundCount;
        this.sha256 = sha256;
        this.bytes = bytes;
    }

    /**
     * The dimension of the file's vectors: the header's DIM, or the number of values on the first
     * line. Reads the first line or two only.
     */
    public static int dimension(Path file) throws IOException {
        try (TextLines lines = TextLines.open(file)) {
            Reader r = new Reader(file, lines, 0);
            String[] first = r.nextVectorLine();
            if (first == null) {
                throw r.empty();
            }
            return r.dimension;
        }
    }

    /**
     * Reads the vectors of {@code vocabulary}'s words.
     *
     * @param dimension the dimension the vectors must have (the model's {@code de})
     * @throws InputException naming the file and line of anything that is not a vector file of that dimension
     */
    public static WordVectors read(Path file, Vocabulary vocabulary, int dimension) throws IOException {
        if (dimension < 1) {
            throw new IllegalArgumentException("the dimension must be >= 1, got " + dimension);
        }
        int ne = vocabulary.size();
        float[] rows = new float[ne * dimension];
        boolean[] found = new boolean[ne];
        int count = 0;
        try (TextLines lines = TextLines.open(file)) {
            Reader r = new Reader(file, lines, dimension);
            Map<String, Integer> lineOf = new HashMap<>(); // every file word -> its line, to refuse a repeat
            int vectors = 0;
            for (String[] t = r.nextVectorLine(); t != null; t = r.nextVectorLine()) {
                vectors++;
                Integer before = lineOf.putIfAbsent(t[0], lines.lineNumber());
                if (before != null) {
                    throw new InputException(file, lines.lineNumber(), "the word '" + InputException.clip(t[0])
                            + "' again (first on line " + before + ")");
                }
                int index = vocabulary.contains(t[0]) ? vocabulary.indexOf(t[0]) : -1;
                boolean wanted = index >= 0 && !found[index];
                for (int j = 0; j < dimension; j++) {
                    float v = r.value(t[j + 1], j + 1); // every value is checked, wanted or not
                    if (wanted) {
                        rows[index * dimension + j] = v;
                    }
                }
                if (wanted) {
                    found[index] = true;
                    count++;
                }
            }
            if (vectors == 0) {
                throw r.empty();
            }
            r.checkHeaderCount(vectors);
        }
        return new WordVectors(file, dimension, rows, found, count, sha256(file), Files.size(file));
    }

    /** The file, as given. */
    public Path file() {
        return file;
    }

    public int dimension() {
        return dimension;
    }

    /** How many vocabulary entries have a vector in the file. */
    public int foundCount() {
        return foundCount;
    }

    /** The vocabulary's size (ne). */
    public int vocabularySize() {
        return found.length;
    }

    /** Whether vocabulary entry {@code index} has a vector in the file. */
    public boolean has(int index) {
        return found[index];
    }

    /** The file's SHA-256, lower-case hex (what {@code sha256sum} prints). */
    public String sha256() {
        return sha256;
    }

    /** The file's size in bytes. */
    public long bytes() {
        return bytes;
    }

    /**
     * Overwrites the rows of {@code embeddings} [ne+1, de] whose word has a vector in the file with
     * it; the other rows (and the padding row ne) are left as they are.
     */
    public void copyInto(float[] embeddings) {
        if (embeddings.length != (found.length + 1) * dimension) {
            throw new IllegalArgumentException("an embedding table of " + embeddings.length + " floats, expected ["
                    + (found.length + 1) + ", " + dimension + "]");
        }
        for (int i = 0; i < found.length; i++) {
            if (found[i]) {
                System.arraycopy(rows, i * dimension, embeddings, i * dimension, dimension);
            }
        }
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) { // a regular file: TextLines.open checked it
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The file's lines as tokens, with the header and the dimension checks. */
    private static final class Reader {
        private final Path file;
        private final TextLines lines;
        private final int expected; // 0: any (then the first line fixes it)
        int dimension;              // 0 until the header or the first vector line
        private long headerCount = -1;

        Reader(Path file, TextLines lines, int expected) {
            this.file = file;
            this.lines = lines;
            this.expected = expected;
        }

        /** The next vector line's tokens (word, then dimension values), or null at the end. */
        String[] nextVectorLine() throws IOException {
            String line = lines.next();
            if (line == null) {
                return null;
            }
            String[] t = split(line);
            if (t.length == 0) {
                throw new InputException(file, lines.lineNumber(), "blank line, expected a word and its vector");
            }
            if (lines.lineNumber() == 1 && isHeader(t)) {
                return nextVectorLine();
            }
            int values = t.length - 1;
            if (values == 0) {
                throw new InputException(file, lines.lineNumber(), "the word '" + InputException.clip(t[0]) + "' has no values");
            }
            if (dimension == 0) {
                requireExpected(values, "a vector of " + values + " values");
                dimension = values;
            } else if (values != dimension) {
                throw new InputException(file, lines.lineNumber(), values + " values for '" + InputException.clip(t[0])
                        + "', expected " + dimension + (headerCount >= 0 ? " (the header's dimension)" : " (as line 1)"));
            }
            return t;
        }

        /** word2vec's first line: two whole numbers, COUNT and DIM. */
        private boolean isHeader(String[] t) {
            if (t.length != 2 || !wholeNumber(t[0]) || !wholeNumber(t[1])) {
                return false;
            }
            long dim = parseWhole(t[1]);
            if (dim < 1) {
                throw new InputException(file, 1, "the header '" + t[0] + " " + t[1] + "' gives dimension " + dim
                        + ", expected >= 1");
            }
            requireExpected(dim, "the header's dimension " + dim);
            headerCount = parseWhole(t[0]);
            dimension = (int) dim;
            return true;
        }

        private void requireExpected(long dim, String what) {
            if (expected != 0 && dim != expected) {
                throw new InputException(file, lines.lineNumber(), what + ", but --de is " + expected
                        + " (leave --de out to take the file's)");
            }
        }

        /** The value token at column {@code column} (1-based, after the word) as a finite float. */
        float value(String token, int column) {
            float v;
            try {
                v = Float.parseFloat(token);
            } catch (NumberFormatException e) {
                throw new InputException(file, lines.lineNumber(), "value " + column + " '" + InputException.clip(token)
                        + "' is not a number");
            }
            if (!Float.isFinite(v)) {
                throw new InputException(file, lines.lineNumber(), "value " + column + " '" + InputException.clip(token)
                        + "' is not a finite float32");
            }
            return v;
        }

        void checkHeaderCount(int vectors) {
            if (headerCount >= 0 && headerCount != vectors) {
                throw new InputException(file, 1, "the header says " + headerCount + " vectors, the file has " + vectors);
            }
        }

        InputException empty() {
            return new InputException(file, 0, headerCount >= 0 ? "no vectors after the header"
                    : "is empty, expected word vectors ('word v1 ... vd' lines)");
        }

        private static boolean wholeNumber(String s) {
            if (s.isEmpty() || s.length() > 18) {
                return false;
            }
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                    return false;
                }
            }
            return true;
        }

        private static long parseWhole(String s) {
            return Long.parseLong(s);
        }

        /** Splits on runs of spaces and tabs only: a word may hold other whitespace (GloVe's do). */
        private static String[] split(String line) {
            return TextLines.split(line, Reader::isGap, null);
        }

        private static boolean isGap(char c) {
            return c == ' ' || c == '\t';
        }
    }
}
