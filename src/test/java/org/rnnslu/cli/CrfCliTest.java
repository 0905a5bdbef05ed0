package org.rnnslu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnnslu.Analysis;
import org.rnnslu.Tagger;
import org.rnnslu.io.Npy;
import org.rnnslu.kernels.ScalarKernels;

/**
 * {@code train --output crf} end to end, for slots and joint: it learns the tiny corpus, model.txt
 * says output=crf and the folder holds the learned trans, start and end; {@code tag}, {@code eval},
 * {@code trace} and {@link Tagger} decode with them; the combinations a CRF cannot train are one
 * line and exit code 2.
 */
class CrfCliTest {

    @TempDir
    static Path tmp;
    static Path data;

    @BeforeAll
    static void corpus() throws Exception {
        data = TinyCorpus.write(tmp.resolve("data"), 7);
    }

    @ParameterizedTest(name = "--task {0}")
    @ValueSource(strings = {"slots", "joint"})
    void trainsAndEveryCommandDecodesWithTheLearnedTransitions(String task) throws Exception {
        Path model = tmp.resolve("crf-" + task);
        CliRun.Result trained = CliRun.run("train", "--data", data.toString(), "--out", model.toString(), "--epochs",
                "30", "--nh", "16", "--de", "8", "--win", "3", "--lr", "0.2", "--output", "crf", "--task", task);
        assertThat(trained.code()).as(trained.err()).isZero();
        List<String> lines = trained.lines();
        double testF1 = Double.parseDouble(lines.get(lines.size() - 2).replaceAll(".*test F1 ", "").split(" ")[0]);
        assertThat(testF1).as("a tiny, regular corpus is learned").isGreaterThan(90.0);
        assertThat(trained.out()).contains(" output=crf");
        assertThat(Files.readAllLines(model.resolve("model.txt"))).contains("output=crf");
        float[] trans = Npy.read(model.resolve("trans.npy")).data();
        assertThat(trans).as("the transitions were learned").isNotEqualTo(new float[trans.length]);
        assertThat(model.resolve("start.npy")).exists();
        assertThat(model.resolve("end.npy")).exists();

        CliRun.Result tag = CliRun.run("tag", "--model", model.toString(), "flights from new york to denver");
        assertThat(tag.code()).as(tag.err()).isZero();
        assertThat(tag.out()).contains("toloc.city_name=denver");
        CliRun.Result eval = CliRun.run("eval", "--model", model.toString(), "--data", data.resolve("test").toString());
        assertThat(eval.code()).as(eval.err()).isZero();
        assertThat(eval.out()).contains("FB1:");
        CliRun.Result trace = CliRun.run("trace", "--model", model.toString(), "--words", "flights to denver", "--full");
        assertThat(trace.code()).as(trace.err()).isZero();
        assertThat(trace.out()).contains("4b. the CRF output layer").contains("trans [nc, nc]").contains("viterbi")
                .contains("y_pred = the Viterbi path").contains("log Z - score(y)").contains("dtrans")
                .contains("10. the same call");

        Tagger tagger = Tagger.load(model, ScalarKernels.INSTANCE);
        String[] longer = {"flights", "from", "new", "york", "to", "denver"};
        String[] shorter = {"to", "boston"};
        List<String[]> packed = tagger.tagAll(List.of(longer, shorter));
        assertThat(packed.get(0)).containsExactly(tagger.tag(longer));
        assertThat(packed.get(1)).containsExactly(tagger.tag(shorter));
        Analysis a = tagger.analyze(longer);
        float[][] marginals = tagger.probabilities(longer);
        for (int t = 0; t < longer.length; t++) {
            Analysis.Word w = a.words().get(t);
            assertThat(w.label()).isEqualTo(packed.get(0)[t]);
            double sum = 0;
            for (float m : marginals[t]) {
                sum += m;
            }
            assertThat(sum).as("marginals of word %d", t).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        }
        assertThat(a.slots()).isNotEmpty();
        for (Analysis.Slot s : a.slots()) { // a span's labelling is no likelier than any one of its words' labels
            for (int t = s.start(); t < s.end(); t++) {
                assertThat(s.score()).isLessThanOrEqualTo(a.words().get(t).probability() + 1e-6);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--output crf --task intent", "--output crf --bptt 3", "--output crf --recurrence jordan",
        "--output maxent"})
    void whatACrfCannotTrainIsOneLineAndExitCode2(String flags) {
        String[] args = ("train --data " + data + " --out " + tmp.resolve("refused") + " " + flags).split(" ");
        CliRun.Result r = CliRun.run(args);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains(flags.split(" ")[flags.split(" ").length - 1]);
        assertThat(tmp.resolve("refused")).doesNotExist();
    }
}
