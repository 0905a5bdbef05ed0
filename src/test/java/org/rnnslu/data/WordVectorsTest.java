package org.rnnslu.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnslu.io.InputException;

/** Reading word2vec/GloVe text files for a vocabulary: the lookup, the formats, and every bad file. */
class WordVectorsTest {

    @TempDir
    Path tmp;

    // index 0 <UNK>, then the normalised training words
    private final Vocabulary vocab = Vocabulary.of(List.of("<UNK>", "boston", "to", "DIGITDIGIT", "new"),
            Preprocessing.DEFAULT);

    private Path file(String text) throws IOException {
        return Files.writeString(tmp.resolve("vectors.txt"), text, StandardCharsets.UTF_8);
    }

    @Test
    void foundWordsGetTheFilesValuesBitForBitAndTheOtherRowsAreLeftAsTheyAre() throws IOException {
        float[] boston = {0.1f, -2.5e-7f, 3.4028235e38f};
        float[] to = {-0.0f, 1.0f / 3, Float.MIN_VALUE};
        Path f = file("paris 1 2 3\nboston " + join(boston) + "\nto\t" + join(to) + " \n");
        WordVectors v = WordVectors.read(f, vocab, 3);
        float[] table = new float[(vocab.size() + 1) * 3];
        java.util.Arrays.fill(table, 7f);
        v.copyInto(table);
        assertThat(bits(table, 1)).isEqualTo(bits(boston, 0));
        assertThat(bits(table, 2)).isEqualTo(bits(to, 0));
        for (int row : new int[] {0, 3, 4, 5}) { // <UNK>, not in the file, and the padding row
            assertThat(bits(table, row)).as("row %d", row).isEqualTo(bits(new float[] {7f, 7f, 7f}, 0));
        }
        assertThat(v.foundCount()).isEqualTo(2);
        assertThat(v.vocabularySize()).isEqualTo(5);
        assertThat(v.has(1)).isTrue();
        assertThat(v.has(3)).isFalse();
        assertThat(v.bytes()).isEqualTo(Files.size(f));
        assertThat(v.sha256()).hasSize(64).isEqualTo(sha256(f));
    }

    @Test
    void wordsAreLookedUpAfterThePreprocessingAndTheFirstLineWinsAnEntry() throws IOException {
        Path f = file("12 1 1\n34 2 2\nNew 3 3\nnew 4 4\n");
        float[] table = new float[(vocab.size() + 1) * 2];
        WordVectors.read(f, vocab, 2).copyInto(table);
        assertThat(table[3 * 2]).as("'12' -> DIGITDIGIT, before '34'").isEqualTo(1f);
        assertThat(table[4 * 2]).as("case kept: 'New' is not 'new'").isEqualTo(4f);
        Vocabulary lower = Vocabulary.of(List.of("<UNK>", "new"), new Preprocessing(true, 2, true));
        float[] t2 = new float[3 * 2];
        WordVectors.read(f, lower, 2).copyInto(t2);
        assertThat(t2[2]).as("lowercase=true: 'New' -> new, the first").isEqualTo(3f);
    }

    @Test
    void word2vecsHeaderLineGivesTheCountAndTheDimension() throws IOException {
        Path f = file("2 3\nboston 1 2 3\nto 4 5 6\n");
        assertThat(WordVectors.dimension(f)).isEqualTo(3);
        assertThat(WordVectors.read(f, vocab, 3).foundCount()).isEqualTo(2);
        assertThat(WordVectors.dimension(file("boston 1 2 3 4\n"))).isEqualTo(4);
        assertThat(WordVectors.read(file("\uFEFFboston 1 2\r\nto 3 4\r\n"), vocab, 2).foundCount())
                .as("BOM and CRLF").isEqualTo(2);
    }

    /**
     * Values are separated by spaces and tabs only: a word with a no-break space in it (GloVe has
     * some) is one word of the file, with its vector (no vocabulary entry holds one).
     */
    @Test
    void otherWhitespaceIsPartOfTheWord() throws IOException {
        Path f = file("new\u00a0york 1 2\nto 3 4\n");
        assertThat(WordVectors.dimension(f)).isEqualTo(2);
        float[] table = new float[(vocab.size() + 1) * 2];
        WordVectors v = WordVectors.read(f, vocab, 2);
        v.copyInto(table);
        assertThat(v.foundCount()).isEqualTo(1);
        assertThat(table[2 * 2 + 1]).isEqualTo(4f);
    }

    @Test
    void badFilesNameTheFileAndTheLine() throws IOException {
        assertBad("", 3, "vectors.txt: is empty");
        assertBad("2 3\n", 3, "vectors.txt: no vectors after the header");
        assertBad("boston 1 2 3\nto 1 2\n", 3, "vectors.txt:2: 2 values for 'to', expected 3 (as line 1)");
        assertBad("boston 1 2\n", 3, "vectors.txt:1: a vector of 2 values, but --de is 3");
        assertBad("5 2\nboston 1 2\n", 3, "vectors.txt:1: the header's dimension 2, but --de is 3");
        assertBad("2 3\nboston 1 2 3\nto 1 2\n", 3, "vectors.txt:3: 2 values for 'to', expected 3 (the header's dimension)");
        assertBad("3 2\nboston 1 2\nto 1 2\n", 2, "vectors.txt:1: the header says 3 vectors, the file has 2");
        assertBad("0 0\nboston 1\n", 1, "vectors.txt:1: the header '0 0' gives dimension 0");
        assertBad("boston 1 2\n\nto 1 2\n", 2, "vectors.txt:2: blank line");
        assertBad("boston 1 2\nto\n", 2, "vectors.txt:2: the word 'to' has no values");
        assertBad("boston 1 x2\n", 2, "vectors.txt:1: value 2 'x2' is not a number");
        assertBad("paris 1 2\nlyon NaN 2\n", 2, "vectors.txt:2: value 1 'NaN' is not a finite float32");
        assertBad("boston 1 -Infinity\n", 2, "vectors.txt:1: value 2 '-Infinity' is not a finite float32");
        assertBad("boston 1 1e39\n", 2, "vectors.txt:1: value 2 '1e39' is not a finite float32");
        assertBad("paris 1 2\nboston 1 2\nparis 3 4\n", 2, "vectors.txt:3: the word 'paris' again (first on line 1)");
        assertBad("boston 1 2\n\u00ff\u00fe", 2, "vectors.txt:2: the word"); // one token: a word without values
        Path binary = tmp.resolve("vectors.txt");
        Files.write(binary, new byte[] {'b', ' ', '1', '\n', (byte) 0xC3, 0x28, ' ', '1', '\n'});
        assertThatThrownBy(() -> WordVectors.read(binary, vocab, 1)).isInstanceOf(InputException.class)
                .hasMessageStartingWith(binary + ":2: ");
    }

    @Test
    void notARegularFileIsRefusedBeforeReading() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("dir"));
        assertThatThrownBy(() -> WordVectors.read(dir, vocab, 2)).isInstanceOf(InputException.class)
                .hasMessage(dir + ": is a directory, expected a file");
        Path missing = tmp.resolve("missing.txt");
        assertThatThrownBy(() -> WordVectors.read(missing, vocab, 2)).isInstanceOf(InputException.class)
                .hasMessage(missing + ": file not found");
        assertThatThrownBy(() -> WordVectors.dimension(missing)).isInstanceOf(InputException.class)
                .hasMessage(missing + ": file not found");
        Path fifo = tmp.resolve("fifo");
        if (mkfifo(fifo)) {
            assertThatThrownBy(() -> WordVectors.read(fifo, vocab, 2)).isInstanceOf(InputException.class)
                    .hasMessageContaining("is not a regular file");
            assertThatThrownBy(() -> WordVectors.dimension(fifo)).isInstanceOf(InputException.class)
                    .hasMessageContaining("is not a regular file");
        }
    }

    private void assertBad(String text, int de, String message) throws IOException {
        Path f = file(text);
        String expected = tmp.resolve(message.substring(0, message.indexOf(':'))) + message.substring(message.indexOf(':'));
        assertThatThrownBy(() -> WordVectors.read(f, vocab, de)).as(text).isInstanceOf(InputException.class)
                .hasMessageStartingWith(expected);
    }

    static boolean mkfifo(Path p) {
        try {
            return new ProcessBuilder("mkfifo", p.toString()).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String join(float[] v) {
        StringBuilder sb = new StringBuilder();
        for (float x : v) {
            sb.append(sb.length() == 0 ? "" : " ").append(x);
        }
        return sb.toString();
    }

    private static int[] bits(float[] table, int row) {
        int[] b = new int[3];
        for (int j = 0; j < 3; j++) {
            b[j] = Float.floatToRawIntBits(table[row * 3 + j]);
        }
        return b;
    }

    private static String sha256(Path f) throws IOException {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
