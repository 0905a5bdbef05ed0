package org.rnnslu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnslu.cli.CliRun.Result;

/** {@code train --bptt}, {@code --objective} and {@code --preset is13} from the command line. */
class Is13RecipeTest {

    @TempDir
    static Path tmp;
    static Path data;


    static Result run(String... args) {
        return CliRun.run(args);
    }

    @BeforeAll
    static void corpus() throws Exception {
        data = TinyCorpus.write(tmp.resolve("data"), 7);
    }

    @Test
    void thePresetIsIs13sSettingsAndFlagsOverrideIt() {
        Result r = run("train", "--data", data.toString(), "--out", tmp.resolve("is13").toString(), "--preset", "is13",
                "--epochs", "4", "--nh", "12", "--de", "6", "--progress", "lines", "--threads", "1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("recipe: lr=0.0627142536696559 win=7 nh=12 de=6 seed=345 epochs=4 patience=10 decay=false"
                + " min_lr=1.0E-5 batch=1 bptt=9 objective=last-step");
        double testF1 = Double.parseDouble(r.out().lines().filter(l -> l.startsWith("BEST RESULT")).findFirst().orElseThrow()
                .replaceAll(".*test F1 ", ""));
        assertThat(testF1).as("is13's regime learns the tiny corpus").isGreaterThan(80.0);
    }

    @Test
    void theHybridTrainsAndTheTwoObjectivesDiffer() throws Exception {
        String[] common = {"train", "--data", data.toString(), "--bptt", "3", "--epochs", "2", "--nh", "8", "--de", "4",
                "--win", "3", "--threads", "1", "--quiet"};
        Result last = run(concat(common, "--out", tmp.resolve("last").toString(), "--objective", "last-step"));
        Result all = run(concat(common, "--out", tmp.resolve("all").toString(), "--objective", "all-steps"));
        assertThat(last.code()).as(last.err()).isZero();
        assertThat(all.code()).as(all.err()).isZero();
        assertThat(Files.readAllBytes(tmp.resolve("all/wx.npy"))).isNotEqualTo(Files.readAllBytes(tmp.resolve("last/wx.npy")));
    }

    @Test
    void misusesAreOneLineUsageErrors() {
        String d = data.toString();
        String o = tmp.resolve("never").toString();
        expectUsage("--objective is for --bptt", "train", "--data", d, "--out", o, "--objective", "last-step");
        expectUsage("--objective takes last-step or all-steps, got 'mean'", "train", "--data", d, "--out", o, "--bptt", "9",
                "--objective", "mean");
        expectUsage("--preset takes tutorial or is13, got 'theano'", "train", "--data", d, "--out", o, "--preset", "theano");
        expectUsage("it needs --batch 1, got 4", "train", "--data", d, "--out", o, "--preset", "is13", "--batch", "4");
        expectUsage("--bptt must be >= 1 (0: off), got -2", "train", "--data", d, "--out", o, "--bptt", "-2");
        expectUsage("--bptt trains slot filling (is13's regime), got --task intent", "train", "--data", d, "--out", o,
                "--bptt", "9", "--task", "intent");
        assertThat(tmp.resolve("never")).doesNotExist();
    }

    @Test
    void aFoldPickleTrainsWithItsOwnIndices() throws Exception {
        Path out = tmp.resolve("from-pickle");
        Result r = run("train", "--data", "src/test/resources/pickle/fold-py2.pkl.gz", "--out", out.toString(), "--epochs", "2",
                "--nh", "6", "--de", "4", "--win", "3", "--threads", "1", "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readAllLines(out.resolve("words.txt")))
                .containsExactly("<UNK>", "show", "flights", "from", "boston", "to", "denver");
        assertThat(Files.readAllLines(out.resolve("labels.txt")))
                .containsExactly("B-fromloc.city_name", "B-toloc.city_name", "O"); // labels2idx's order, not sorted
    }

    @Test
    void theTutorialsAtisPklHasNoValidationSetToTrainWith() {
        Result r = run("train", "--data", "src/test/resources/pickle/full-p2.pkl", "--out", tmp.resolve("never2").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("full-p2.pkl: holds (train, test, dicts) and no validation set");
        assertThat(r.err().lines().count()).isEqualTo(1);
    }

    private static void expectUsage(String message, String... args) {
        Result r = run(args);
        assertThat(r.code()).as(r.out()).isEqualTo(2);
        assertThat(r.err()).contains(message).doesNotContain("Exception");
        assertThat(r.err().lines().count()).isEqualTo(1);
    }

    private static String[] concat(String[] a, String... b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
