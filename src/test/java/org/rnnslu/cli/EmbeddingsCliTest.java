package org.rnnslu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnslu.cli.CliRun.Result;
import org.rnnslu.data.Vocabulary;
import org.rnnslu.io.Npy;
import org.rnnslu.model.Params;
import org.rnnslu.train.TrainSettings;
import org.rnnslu.train.Training;
import org.rnnslu.train.TrainingRecipe;

/**
 * train --embeddings FILE and --freeze-embeddings: the initial rows, the report line, the model's
 * record of the file, frozen training, resuming, --config, and every bad file as one exit-2 line.
 */
class EmbeddingsCliTest {

    @TempDir
    static Path tmp;
    static Path data;
    static Path vectors;     // de 6: every second vocabulary word, plus words not in the vocabulary
    static Vocabulary vocab; // the corpus's, as train builds it
    static int found;

    static final String[] FLAGS = {"--nh", "10", "--win", "3", "--lr", "0.2", "--seed", "7", "--threads", "1"};

    @BeforeAll
    static void corpusAndVectors() throws IOException {
        data = TinyCorpus.write(tmp.resolve("data"), 3);
        vocab = Training.prepare(TrainingRecipe.builder().threads(1).build(), data).vocabulary();
        SplittableRandom rng = new SplittableRandom(11);
        List<String> lines = new ArrayList<>(List.of("zurich " + values(rng, 6), "lyon " + values(rng, 6)));
        for (int i = 0; i < vocab.size(); i += 2) {
            lines.add(vocab.word(i) + " " + values(rng, 6));
            found++;
        }
        vectors = Files.write(tmp.resolve("vectors.txt"), lines);
    }

    static String values(SplittableRandom rng, int n) {
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < n; j++) {
            sb.append(j == 0 ? "" : " ").append((float) (rng.nextDouble() * 2 - 1));
        }
        return sb.toString();
    }

    static Result train(Path out, String... flags) {
        return CliRun.train(data, out, FLAGS, flags);
    }

    static Result ok(Result r) {
        return CliRun.ok(r);
    }

    static float[] npy(Path model, String name) throws IOException {
        return Npy.read(model.resolve(name + ".npy")).data();
    }

    static Training prepared(TrainingRecipe.Builder b) throws IOException {
        return Training.prepare(b.settings(new TrainSettings().withHidden(10).withWindow(3).withSeed(7).withEmbedding(6))
                .threads(1).build(), data);
    }

    /** Found rows are the file's floats; unfound rows, the padding row and every other parameter are the run's without it. */
    @Test
    void theFoundRowsAreTheFilesAndEverythingElseIsAsWithoutTheFile() throws IOException {
        Params with = prepared(TrainingRecipe.builder().embeddings(vectors)).initialParams();
        Params without = prepared(TrainingRecipe.builder()).initialParams();
        Map<String, float[]> file = fileVectors(vectors);
        int de = 6;
        int rowsFromFile = 0;
        for (int row = 0; row <= vocab.size(); row++) {
            float[] expected = row < vocab.size() && file.containsKey(vocab.word(row)) ? file.get(vocab.word(row))
                    : java.util.Arrays.copyOfRange(without.embeddings, row * de, (row + 1) * de);
            rowsFromFile += row < vocab.size() && file.containsKey(vocab.word(row)) ? 1 : 0;
            assertThat(bits(java.util.Arrays.copyOfRange(with.embeddings, row * de, (row + 1) * de)))
                    .as("row %d", row).isEqualTo(bits(expected));
        }
        assertThat(rowsFromFile).isEqualTo(found);
        for (String name : Params.names(with.dims)) {
            if (!name.equals("embeddings")) {
                assertThat(bits(with.byName(name))).as(name).isEqualTo(bits(without.byName(name)));
            }
        }
    }

    @Test
    void trainReportsTheCountsAndTheModelRecordsTheFile() throws IOException {
        Path model = tmp.resolve("model");
        Result r = ok(train(model, "--epochs", "2", "--embeddings", vectors.toString()));
        String line = "embeddings: " + found + " of " + vocab.size() + " vocabulary words found in " + vectors + " (de 6); "
                + (vocab.size() - found) + " random";
        assertThat(r.lines()).contains(line);
        assertThat(r.out()).doesNotContain("frozen");
        String recipe = Files.readString(model.resolve("recipe.properties"));
        String sha = sha256(vectors);
        assertThat(recipe).contains("\nde=6\n").contains("\nembeddings=" + vectors.toAbsolutePath() + "\n")
                .contains("\nembeddings-sha256=" + sha + "\n").contains("\n# " + line + "\n")
                .doesNotContain("freeze-embeddings");
        Map<String, Object> card = ModelCardTest.map(CardFiles.card(model).get("embeddings"));
        assertThat(card.get("file")).isEqualTo(vectors.toAbsolutePath().toString());
        assertThat(card.get("sha256")).isEqualTo(sha);
        assertThat(card.get("bytes").toString()).isEqualTo(String.valueOf(Files.size(vectors)));
        assertThat(card.get("found").toString()).isEqualTo(String.valueOf(found));
        assertThat(card.get("vocabulary").toString()).isEqualTo(String.valueOf(vocab.size()));
        assertThat(card.get("frozen")).isEqualTo(false);
        // the model needs no file to run: tag and eval with the vectors file gone
        Path moved = Files.move(vectors, tmp.resolve("moved.txt"));
        try {
            Result tag = ok(CliRun.run("tag", "--model", model.toString(), "flights from boston to denver"));
            ok(CliRun.run("eval", "--model", model.toString(), "--data", data.resolve("test").toString()));
            ok(CliRun.run("trace", "--model", model.toString(), "--words", "flights from boston"));
            String[] api = org.rnnslu.Tagger.load(model).tag("flights from boston to denver".split(" "));
            assertThat(tag.lines()).contains(String.join(" ", api));
        } finally {
            Files.move(moved, vectors);
        }
        // --de left out: the file's dimension; given and different: one line naming both
        assertThat(Files.readString(model.resolve("model.txt"))).contains("\nde=6\n");
        Result clash = train(tmp.resolve("clash"), "--epochs", "1", "--embeddings", vectors.toString(), "--de", "5");
        assertThat(clash.code()).isEqualTo(2);
        assertThat(clash.err().strip()).isEqualTo("rnnslu train: " + vectors + ":1: a vector of 6 values, but --de is 5"
                + " (leave --de out to take the file's)");
        assertThat(tmp.resolve("clash")).doesNotExist();
    }

    /** Frozen: embeddings.npy is the initial table, bit for bit, on every training path; the rest trains. */
    @Test
    void frozenEmbeddingsAreSavedAsTheyStarted() throws IOException {
        Params initial = prepared(TrainingRecipe.builder().embeddings(vectors)).initialParams();
        Params random = prepared(TrainingRecipe.builder()).initialParams();
        String[][] paths = {{}, {"--batch", "4", "--threads", "2"}, {"--bptt", "3"}};
        for (String[] path : paths) {
            Path model = tmp.resolve("frozen" + String.join("", path));
            List<String> flags = new ArrayList<>(List.of("--epochs", "3", "--embeddings", vectors.toString(), "--freeze-embeddings"));
            flags.addAll(List.of(path));
            Result r = ok(train(model, flags.toArray(new String[0])));
            assertThat(r.out()).contains(" random; frozen\n").contains("freeze_embeddings=true");
            assertThat(bits(npy(model, "embeddings"))).as("%s", List.of(path)).isEqualTo(bits(initial.embeddings));
            assertThat(bits(npy(model, "wx"))).isNotEqualTo(bits(initial.wx));
            assertThat(Files.readString(model.resolve("recipe.properties"))).contains("\nfreeze-embeddings=true\n");
            assertThat(ModelCardTest.map(CardFiles.card(model).get("embeddings")).get("frozen")).isEqualTo(true);
        }
        Path model = tmp.resolve("frozen-random");
        Result r = ok(train(model, "--epochs", "2", "--de", "6", "--freeze-embeddings"));
        assertThat(r.lines()).contains("embeddings: random (seed 7); frozen");
        assertThat(bits(npy(model, "embeddings"))).isEqualTo(bits(random.embeddings));
    }

    @Test
    void resumeRefusesAnotherFileOrFreezeAndAcceptsTheSame() throws IOException {
        Path whole = tmp.resolve("whole");
        ok(train(whole, "--epochs", "4", "--embeddings", vectors.toString()));
        Path part = tmp.resolve("part");
        ok(train(part, "--epochs", "2", "--embeddings", vectors.toString()));
        Path copy = Files.copy(vectors, tmp.resolve("same-content.txt")); // another name, the same bytes: accepted
        Path changed = Files.writeString(tmp.resolve("changed.txt"), Files.readString(vectors).replaceFirst("\\d\n", "7\n"));
        Result other = train(part, "--epochs", "4", "--resume", "--embeddings", changed.toString());
        assertThat(other.code()).isEqualTo(2);
        assertThat(other.err().lines().count()).isEqualTo(1);
        assertThat(other.err()).contains("state.txt:").contains("embeddings=" + sha256(vectors) + " there, embeddings="
                + sha256(changed) + " here");
        Result frozen = train(part, "--epochs", "4", "--resume", "--embeddings", vectors.toString(), "--freeze-embeddings");
        assertThat(frozen.code()).isEqualTo(2);
        assertThat(frozen.err().lines().count()).isEqualTo(1);
        assertThat(frozen.err()).contains("freeze_embeddings=null there, freeze_embeddings=true here");
        Result none = train(part, "--epochs", "4", "--resume", "--de", "6");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("embeddings=" + sha256(vectors) + " there, embeddings=null here");
        Result same = ok(train(part, "--epochs", "4", "--resume", "--embeddings", copy.toString()));
        assertThat(same.out()).contains("resuming at epoch 2");
        for (String name : List.of("embeddings", "wx", "wh", "w", "bh", "b", "h0")) {
            assertThat(Files.readAllBytes(part.resolve(name + ".npy"))).as(name)
                    .isEqualTo(Files.readAllBytes(whole.resolve(name + ".npy")));
        }
    }

    /** recipe.properties trains the same model again, and refuses an embeddings file whose bytes changed. */
    @Test
    void configTrainsWithTheSameVectorsAndRefusesAChangedFile() throws IOException {
        Path first = tmp.resolve("first");
        ok(train(first, "--epochs", "2", "--embeddings", vectors.toString(), "--freeze-embeddings"));
        Path again = tmp.resolve("again");
        ok(CliRun.run("train", "--config", first.resolve("recipe.properties").toString(), "--data", data.toString(),
                "--out", again.toString()));
        assertThat(Files.readAllBytes(again.resolve("wx.npy"))).isEqualTo(Files.readAllBytes(first.resolve("wx.npy")));
        assertThat(Files.readAllBytes(again.resolve("embeddings.npy"))).isEqualTo(Files.readAllBytes(first.resolve("embeddings.npy")));
        Path config = Files.writeString(tmp.resolve("other.properties"), Files.readString(first.resolve("recipe.properties"))
                .replace("embeddings=" + vectors.toAbsolutePath(), "embeddings=" + tmp.resolve("moved.txt")));
        Files.writeString(tmp.resolve("moved.txt"), Files.readString(vectors) + "paris 1 2 3 4 5 6\n");
        Result r = CliRun.run("train", "--config", config.toString(), "--data", data.toString(), "--out",
                tmp.resolve("refused").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("rnnslu train: " + tmp.resolve("moved.txt") + ": its SHA-256 is ")
                .endsWith("but the recipe's embeddings-sha256 is " + sha256(vectors) + ": not the file the recipe was trained with");
        assertThat(tmp.resolve("refused")).doesNotExist();
    }

    /** Each bad file: exit 2, one line naming the file (and the line), nothing written to --out. */
    @Test
    void badFilesAreOneLineAndLeaveOutAlone() throws IOException {
        Path out = tmp.resolve("bad-out");
        Path existing = tmp.resolve("existing");
        ok(train(existing, "--epochs", "1", "--de", "6"));
        byte[] before = Files.readAllBytes(existing.resolve("wx.npy"));
        String good = "boston 1 2 3 4 5 6\n";
        Object[][] cases = {
            {"empty.txt", "", ": is empty, expected word vectors ('word v1 ... vd' lines)"},
            {"count.txt", good + "to 1 2 3 4 5\n", ":2: 5 values for 'to', expected 6 (as line 1)"},
            {"word.txt", good + "to 1 2 3 4 5 x\n", ":2: value 6 'x' is not a number"},
            {"nan.txt", good + "to 1 2 NaN 4 5 6\n", ":2: value 3 'NaN' is not a finite float32"},
            {"inf.txt", good + "to 1 2 3 Infinity 5 6\n", ":2: value 4 'Infinity' is not a finite float32"},
            {"twice.txt", good + "to 1 2 3 4 5 6\nboston 1 2 3 4 5 6\n", ":3: the word 'boston' again (first on line 1)"},
            {"header.txt", "3 6\n" + good, ":1: the header says 3 vectors, the file has 1"},
            {"blank.txt", good + "\n", ":2: blank line, expected a word and its vector"},
        };
        for (Object[] c : cases) {
            Path f = Files.writeString(tmp.resolve((String) c[0]), (String) c[1]);
            assertBad(train(out, "--epochs", "1", "--embeddings", f.toString()), f + (String) c[2], out);
            assertBad(train(existing, "--epochs", "1", "--embeddings", f.toString()), f + (String) c[2], null);
        }
        Path missing = tmp.resolve("missing.txt");
        assertBad(train(out, "--embeddings", missing.toString()), missing + ": file not found", out);
        Path dir = Files.createDirectories(tmp.resolve("a-dir"));
        assertBad(train(out, "--embeddings", dir.toString()), dir + ": is a directory, expected a file", out);
        assertBad(train(out, "--embeddings", dir.toString(), "--de", "6"), dir + ": is a directory, expected a file", out);
        Path fifo = tmp.resolve("fifo");
        if (mkfifo(fifo)) {
            String message = fifo + ": is not a regular file (a FIFO, socket or device?), expected a file";
            assertBad(train(out, "--embeddings", fifo.toString()), message, out);
            assertBad(train(out, "--embeddings", fifo.toString(), "--de", "6"), message, out);
        }
        assertThat(Files.readAllBytes(existing.resolve("wx.npy"))).isEqualTo(before);
    }

    @Test
    void anUnreadableFileIsOneLine() throws IOException {
        Path out = tmp.resolve("unreadable-out");
        String good = "boston 1 2 3 4 5 6\n";
        Path locked = Files.writeString(tmp.resolve("unreadable.txt"), good);
        try {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        } catch (UnsupportedOperationException e) {
            Assumptions.abort("no POSIX permissions");
        }
        Assumptions.assumeFalse(Files.isReadable(locked), "running as root: permissions do not stop reading");
        assertBad(train(out, "--embeddings", locked.toString()), locked + ": permission denied", out);
    }

    private static void assertBad(Result r, String message, Path out) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("rnnslu train: " + message + System.lineSeparator());
        if (out != null) {
            assertThat(out).doesNotExist();
            assertThat(Path.of(out + ".checkpoint")).doesNotExist();
        }
    }

    static boolean mkfifo(Path p) {
        try {
            return new ProcessBuilder("mkfifo", p.toString()).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** The file's vectors by word, parsed here on their own. */
    static Map<String, float[]> fileVectors(Path file) throws IOException {
        Map<String, float[]> m = new java.util.HashMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] t = line.split(" ");
            float[] v = new float[t.length - 1];
            for (int j = 0; j < v.length; j++) {
                v[j] = Float.parseFloat(t[j + 1]);
            }
            m.put(t[0], v);
        }
        return m;
    }

    static int[] bits(float[] a) {
        int[] b = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = Float.floatToRawIntBits(a[i]);
        }
        return b;
    }

    static String sha256(Path f) throws IOException {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
