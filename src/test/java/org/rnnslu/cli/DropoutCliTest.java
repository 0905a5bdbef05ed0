package org.rnnslu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnnslu.cli.CliRun.Result;

/**
 * train --dropout P: bad values and combinations as one exit-2 line, the recipe key (absent at
 * 0) and its round trip through --config, the card, resuming, and inference that is the same
 * whatever the training's dropout (tag reads no mask).
 */
class DropoutCliTest {

    @TempDir
    static Path tmp;
    static Path data;

    static final String[] FLAGS = {"--nh", "10", "--win", "3", "--lr", "0.2", "--seed", "7", "--threads", "1"};
    static final List<String> PARAMS = List.of("embeddings", "wx", "wh", "w", "bh", "b", "h0");

    @BeforeAll
    static void corpus() throws IOException {
        data = TinyCorpus.write(tmp.resolve("data"), 3);
    }

    static Result train(Path out, String... flags) {
        return CliRun.train(data, out, FLAGS, flags);
    }

    static Result ok(Result r) {
        return CliRun.ok(r);
    }

    @ParameterizedTest(name = "--dropout {0}")
    @ValueSource(strings = {"1", "1.5", "-0.1", "-0"})
    void aProbabilityOutsideZeroToOneIsOneLineExitTwoNamingIt(String p) {
        Path out = tmp.resolve("bad" + p);
        Result r = train(out, "--epochs", "1", "--dropout", p);
        double v = Double.parseDouble(p);
        if (v >= 0 && v < 1) { // -0 is 0: allowed
            ok(r);
            return;
        }
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("rnnslu train: train: --dropout must be >= 0 and < 1, got " + p + System.lineSeparator());
        assertThat(out).doesNotExist();
    }

    @Test
    void aValueThatIsNotANumberAndIs13sRegimeAreRefusedInOneLine() {
        Result word = train(tmp.resolve("word"), "--dropout", "half");
        assertThat(word.code()).isEqualTo(2);
        assertThat(word.err()).isEqualTo("rnnslu train: train: --dropout takes a number, got 'half'" + System.lineSeparator());
        Result nan = train(tmp.resolve("nan"), "--dropout", "NaN");
        assertThat(nan.code()).isEqualTo(2);
        assertThat(nan.err().lines().count()).isEqualTo(1);
        Result bptt = train(tmp.resolve("bptt"), "--dropout", "0.2", "--bptt", "3");
        assertThat(bptt.code()).isEqualTo(2);
        assertThat(bptt.err()).isEqualTo("rnnslu train: train: --dropout drops on whole sentences: not with --bptt, got 3"
                + System.lineSeparator());
        Result preset = train(tmp.resolve("preset"), "--preset", "is13", "--dropout", "0.2");
        assertThat(preset.code()).isEqualTo(2);
        assertThat(preset.err().lines().count()).isEqualTo(1);
        assertThat(tmp.resolve("bptt")).doesNotExist();
    }

    @Test
    void theHelpDocumentsIt() {
        Result r = CliRun.run("train", "--help");
        assertThat(r.out()).contains("  --dropout P ").contains("  --dropout-hidden P ").contains("docs/regularization.md");
    }

    @Test
    void hiddenDropoutRefusesBadValuesAndTheRecurrencesThatFeedTheOutputBack() {
        Result big = train(tmp.resolve("hidden-big"), "--dropout-hidden", "1");
        assertThat(big.code()).isEqualTo(2);
        assertThat(big.err()).isEqualTo("rnnslu train: train: --dropout-hidden must be >= 0 and < 1, got 1" + System.lineSeparator());
        Result jordan = train(tmp.resolve("hidden-jordan"), "--dropout-hidden", "0.2", "--recurrence", "jordan");
        assertThat(jordan.code()).isEqualTo(2);
        assertThat(jordan.err()).isEqualTo("rnnslu train: train: --dropout-hidden drops the output layer's input: not with"
                + " --recurrence jordan, whose output feeds back into the recurrence" + System.lineSeparator());
        Result bptt = train(tmp.resolve("hidden-bptt"), "--dropout-hidden", "0.2", "--bptt", "3");
        assertThat(bptt.code()).isEqualTo(2);
        assertThat(bptt.err().lines().count()).isEqualTo(1);
        assertThat(tmp.resolve("hidden-jordan")).doesNotExist();
    }

    /** dropout-hidden is a recipe key of its own: --config trains the same bits, resuming refuses another value. */
    @Test
    void hiddenDropoutRoundTripsThroughConfigAndTheCheckpoint() throws IOException {
        Path first = tmp.resolve("hidden-first");
        String[] flags = {"--dropout", "0.1", "--dropout-hidden", "0.3", "--direction", "bi", "--task", "joint", "--intent-pool", "max"};
        List<String> args = new ArrayList<>(List.of("--epochs", "3"));
        args.addAll(List.of(flags));
        ok(train(first, args.toArray(new String[0])));
        assertThat(Files.readAllLines(first.resolve("recipe.properties"))).contains("dropout=0.1", "dropout-hidden=0.3");
        assertThat(Files.readString(first.resolve("card.json"))).contains("\"dropout_hidden\": 0.3");
        Path again = tmp.resolve("hidden-again");
        ok(CliRun.run("train", "--config", first.resolve("recipe.properties").toString(), "--data", data.toString(),
                "--out", again.toString()));
        assertSameParams(again, first);
        Path part = tmp.resolve("hidden-part");
        args.set(1, "2");
        ok(train(part, args.toArray(new String[0])));
        Result other = train(part, "--epochs", "3", "--resume", "--dropout", "0.1", "--direction", "bi", "--task", "joint",
                "--intent-pool", "max");
        assertThat(other.code()).isEqualTo(2);
        assertThat(other.err()).contains("dropout_hidden=0.3 there, dropout_hidden=null here");
        args.set(1, "3");
        args.add("--resume");
        ok(train(part, args.toArray(new String[0])));
        assertSameParams(part, first);
    }

    /** The recipe records P (and the card, and the recipe line); --config with it trains the same bits again. */
    @Test
    void theRecipeKeyRoundTripsThroughConfig() throws IOException {
        Path first = tmp.resolve("first");
        Result r = ok(train(first, "--epochs", "3", "--dropout", "0.25"));
        assertThat(r.out()).containsPattern("recipe: .* dropout=0\\.25");
        assertThat(Files.readAllLines(first.resolve("recipe.properties"))).contains("dropout=0.25");
        assertThat(Files.readString(first.resolve("card.json"))).contains("\"dropout\": 0.25");
        Path again = tmp.resolve("again");
        ok(CliRun.run("train", "--config", first.resolve("recipe.properties").toString(), "--data", data.toString(),
                "--out", again.toString()));
        assertSameParams(again, first);
        Path none = tmp.resolve("none");
        ok(train(none, "--epochs", "3"));
        assertThat(Files.readAllBytes(none.resolve("wx.npy"))).as("dropout changes the run")
                .isNotEqualTo(Files.readAllBytes(first.resolve("wx.npy")));
        Path zero = tmp.resolve("zero");
        ok(train(zero, "--epochs", "3", "--dropout", "0"));
        assertSameParams(zero, none);
        assertThat(Files.readString(zero.resolve("recipe.properties"))).doesNotContain("dropout");
        assertThat(Files.readString(zero.resolve("card.json"))).doesNotContain("dropout");
    }

    @Test
    void resumingEndsAsTheUninterruptedRunAndRefusesAnotherP() throws IOException {
        Path whole = tmp.resolve("whole");
        ok(train(whole, "--epochs", "4", "--dropout", "0.3"));
        Path part = tmp.resolve("part");
        ok(train(part, "--epochs", "2", "--dropout", "0.3"));
        Result other = train(part, "--epochs", "4", "--resume", "--dropout", "0.2");
        assertThat(other.code()).isEqualTo(2);
        assertThat(other.err().lines().count()).isEqualTo(1);
        assertThat(other.err()).contains("dropout=0.3 there, dropout=0.2 here");
        Result none = train(part, "--epochs", "4", "--resume");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("dropout=0.3 there, dropout=null here");
        Result same = ok(train(part, "--epochs", "4", "--resume", "--dropout", "0.3"));
        assertThat(same.out()).contains("resuming at epoch 2");
        assertSameParams(part, whole);
    }

    /** Mini-batches on two workers: the same bits run after run (the masks do not depend on the worker). */
    @Test
    void miniBatchesOnTwoThreadsGiveTheSameBitsTwice() throws IOException {
        Path a = tmp.resolve("batch-a");
        Path b = tmp.resolve("batch-b");
        ok(train(a, "--epochs", "3", "--dropout", "0.25", "--batch", "4", "--threads", "2"));
        ok(train(b, "--epochs", "3", "--dropout", "0.25", "--batch", "4", "--threads", "2"));
        assertSameParams(b, a);
    }

    /** A model trained with dropout tags deterministically: the same output twice. */
    @Test
    void aModelTrainedWithDropoutTagsTheSameEveryTime() throws IOException {
        Path model = tmp.resolve("tagging");
        ok(train(model, "--epochs", "3", "--dropout", "0.5"));
        Path input = Files.writeString(tmp.resolve("input.txt"), "flights from boston to denver on monday\nfares from miami to dallas\n");
        Result first = ok(CliRun.run("tag", "--model", model.toString(), "--input", input.toString()));
        Result second = ok(CliRun.run("tag", "--model", model.toString(), "--input", input.toString()));
        assertThat(first.out()).isNotEmpty().isEqualTo(second.out());
    }

    private static void assertSameParams(Path actual, Path expected) throws IOException {
        for (String name : PARAMS) {
            assertThat(Files.readAllBytes(actual.resolve(name + ".npy"))).as(name)
                    .isEqualTo(Files.readAllBytes(expected.resolve(name + ".npy")));
        }
    }
}
