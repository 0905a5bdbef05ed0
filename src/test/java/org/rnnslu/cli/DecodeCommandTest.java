package org.rnnslu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnslu.cli.CliRun.Result;
import org.rnnslu.json.Json;

/** train/eval/tag --decode, tag --nbest and eval --bootstrap / --against end to end on a tiny corpus. */
class DecodeCommandTest {

    @TempDir
    static Path tmp;
    static Path data;
    static Path argmax;
    static Path viterbi;

    @BeforeAll
    static void train() throws Exception {
        data = TinyCorpus.write(tmp.resolve("data"), 7);
        argmax = tmp.resolve("argmax");
        viterbi = tmp.resolve("viterbi");
        for (Path m : new Path[] {argmax, viterbi}) {
            Result r = CliRun.run("train", "--data", data.toString(), "--out", m.toString(), "--epochs", "3", "--nh", "8",
                    "--de", "6", "--win", "3", "--lr", "0.1", "--quiet", "--decode", m == viterbi ? "viterbi" : "argmax");
            assertThat(r.code()).as(r.err()).isZero();
        }
    }

    @Test
    void trainRecordsViterbiAndEvalAndTagUseIt() throws Exception {
        assertThat(Files.readString(viterbi.resolve("model.txt"))).contains("decode=viterbi");
        assertThat(Files.readString(argmax.resolve("model.txt"))).doesNotContain("decode");
        Result byDefault = CliRun.run("eval", "--model", viterbi.toString(), "--data", data.resolve("test").toString());
        Result asked = CliRun.run("eval", "--model", viterbi.toString(), "--data", data.resolve("test").toString(),
                "--decode", "viterbi");
        assertThat(byDefault.code()).as(byDefault.err()).isZero();
        assertThat(byDefault.out()).isEqualTo(asked.out()).contains("invalid IOB sequences: 0 of 30 (decode viterbi)");
        Result plain = CliRun.run("eval", "--model", viterbi.toString(), "--data", data.resolve("test").toString(),
                "--decode", "argmax");
        assertThat(plain.out()).containsPattern("invalid IOB sequences: \\d+ of 30 \\(decode argmax\\)");
    }

    @Test
    void tagNbestListsSequencesInTextAndJson() {
        String sentence = "flights from boston to new york on monday";
        Result text = CliRun.run("tag", "--model", viterbi.toString(), "--nbest", "3", sentence);
        assertThat(text.code()).as(text.err()).isZero();
        List<String> lines = text.lines();
        assertThat(lines.get(3)).startsWith("nbest 1 (log p -").endsWith("): " + lines.get(1));
        assertThat(lines.get(5)).startsWith("nbest 3 (log p -");
        Result json = CliRun.run("tag", "--model", viterbi.toString(), "--nbest", "3", "--format", "json", sentence);
        Map<?, ?> o = (Map<?, ?>) Json.parse(json.lines().get(0));
        List<?> nbest = (List<?>) o.get("nbest");
        assertThat(nbest).hasSize(3);
        Map<?, ?> first = (Map<?, ?>) nbest.get(0);
        assertThat(first.get("labels")).isEqualTo(o.get("labels"));
        double p0 = ((Number) first.get("log_p")).doubleValue();
        double p2 = ((Number) ((Map<?, ?>) nbest.get(2)).get("log_p")).doubleValue();
        assertThat(p0).isLessThanOrEqualTo(0).isGreaterThanOrEqualTo(p2);
    }

    @Test
    void badValuesAreOneLineUsageErrors() {
        Result decode = CliRun.run("eval", "--model", argmax.toString(), "--data", data.resolve("test").toString(),
                "--decode", "beam");
        assertThat(decode.code()).isEqualTo(2);
        assertThat(decode.err().strip()).isEqualTo("rnnslu eval: eval: --decode takes argmax or viterbi, got 'beam'");
        Result conll = CliRun.run("tag", "--model", argmax.toString(), "--nbest", "2", "--format", "conll", "to boston");
        assertThat(conll.code()).isEqualTo(2);
        assertThat(conll.err()).contains("--nbest is for --format text or json");
        Result intent = CliRun.run("train", "--data", data.toString(), "--out", tmp.resolve("i").toString(),
                "--task", "intent", "--decode", "viterbi");
        assertThat(intent.code()).isEqualTo(2);
        assertThat(intent.err()).contains("--decode viterbi decodes slot labels");
        assertThat(Files.exists(tmp.resolve("i"))).isFalse();
    }

    @Test
    void evalBootstrapAndAgainstPrintIntervalsAndTheComparison() {
        String test = data.resolve("test").toString();
        Result r = CliRun.run("eval", "--model", argmax.toString(), "--data", test, "--bootstrap", "200", "--against",
                viterbi.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("bootstrap: 200 resamples of the 30 utterances (seed 20130825), 95% intervals")
                .containsPattern("  slot F1 +\\d+\\.\\d\\d  \\[\\d+\\.\\d\\d, \\d+\\.\\d\\d\\]")
                .contains("A - B, A = " + argmax + ", B = " + viterbi)
                .containsPattern("McNemar \\(sentence accuracy\\): only A right \\d+, only B right \\d+");
        Result again = CliRun.run("eval", "--model", argmax.toString(), "--data", test, "--bootstrap", "200", "--against",
                viterbi.toString());
        assertThat(again.out()).as("the default seed: the same report each time").isEqualTo(r.out());
        Result zero = CliRun.run("eval", "--model", argmax.toString(), "--data", test, "--bootstrap", "0");
        assertThat(zero.code()).isEqualTo(2);
        assertThat(zero.err().strip()).isEqualTo("rnnslu eval: eval: --bootstrap takes a number of resamples >= 1, got 0");
    }
}
