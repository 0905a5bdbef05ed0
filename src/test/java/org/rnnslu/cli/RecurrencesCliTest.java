package org.rnnslu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnnslu.Tagger;
import org.rnnslu.kernels.ScalarKernels;

/**
 * {@code train --direction bi}, {@code --recurrence jordan} and {@code --recurrence hybrid} end to
 * end: they learn the tiny corpus, say so in model.txt, and {@code tag}, {@code eval}, {@code trace}
 * and {@link Tagger} run the network the folder names.
 */
class RecurrencesCliTest {

    @TempDir
    static Path tmp;
    static Path data;

    @BeforeAll
    static void corpus() throws Exception {
        data = TinyCorpus.write(tmp.resolve("data"), 7);
    }

    /** which: the train flag and its value, "direction=bi", "recurrence=jordan" or "recurrence=hybrid". */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"direction=bi", "recurrence=jordan", "recurrence=hybrid"})
    void trainsAndEveryCommandRunsTheNetworkTheFolderNames(String which) throws Exception {
        String[] flag = which.split("=");
        Path model = tmp.resolve(flag[1]);
        CliRun.Result trained = CliRun.run("train", "--data", data.toString(), "--out", model.toString(), "--epochs",
                "30", "--nh", "16", "--de", "8", "--win", "3", "--lr", "0.2", "--" + flag[0], flag[1]);
        assertThat(trained.code()).as(trained.err()).isZero();
        List<String> lines = trained.lines();
        double testF1 = Double.parseDouble(lines.get(lines.size() - 2).replaceAll(".*test F1 ", ""));
        assertThat(testF1).as("a tiny, regular corpus is learned").isGreaterThan(90.0);
        assertThat(trained.out()).contains("recipe: ").contains(" " + which);
        assertThat(Files.readAllLines(model.resolve("model.txt"))).contains(which);
        assertThat(model.resolve(flag[1].equals("bi") ? "whb.npy" : "ws.npy")).exists();

        CliRun.Result tag = CliRun.run("tag", "--model", model.toString(), "flights from new york to denver");
        assertThat(tag.code()).as(tag.err()).isZero();
        assertThat(tag.out()).contains("toloc.city_name=denver");
        CliRun.Result eval = CliRun.run("eval", "--model", model.toString(), "--data", data.resolve("test").toString());
        assertThat(eval.code()).as(eval.err()).isZero();
        assertThat(eval.out()).contains("FB1:");
        CliRun.Result trace = CliRun.run("trace", "--model", model.toString(), "--words", "flights to denver", "--full");
        assertThat(trace.code()).as(trace.err()).isZero();
        assertThat(trace.out()).contains(flag[1].equals("bi") ? "hb[2] = " : "s_{t-1} . ws").contains("10. the same call");
        if (flag[1].equals("hybrid")) {
            assertThat(model.resolve("wh.npy")).exists();
            assertThat(trace.out()).contains("h_{t-1} . wh + s_{t-1} . ws").contains("h0   = ").contains("s0   = ")
                    .contains("dwh [").contains("dws [");
        }

        Tagger tagger = Tagger.load(model, ScalarKernels.INSTANCE);
        String[] longer = {"flights", "from", "new", "york", "to", "denver"};
        String[] shorter = {"to", "boston"};
        List<String[]> packed = tagger.tagAll(List.of(longer, shorter)); // one pack: the sentences end at different steps
        assertThat(packed.get(0)).containsExactly(tagger.tag(longer));
        assertThat(packed.get(1)).containsExactly(tagger.tag(shorter));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--direction bi --recurrence jordan", "--direction bi --recurrence hybrid",
        "--output crf --recurrence hybrid", "--direction sideways", "--recurrence lstm"})
    void anArchitectureThisBuildCannotRunIsOneLineAndExitCode2(String flags) {
        String[] args = ("train --data " + data + " --out " + tmp.resolve("refused") + " " + flags).split(" ");
        CliRun.Result r = CliRun.run(args);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains(flags.contains("--recurrence") ? flags.replaceAll(".*--recurrence ", "")
                : flags.split(" ")[1]);
        assertThat(tmp.resolve("refused")).doesNotExist();
    }

    /**
     * A hybrid model trained a few epochs, slots and joint: {@code tag} and {@code eval} load the
     * folder and label every test sentence as {@link Tagger} does (and the joint model's intents too).
     */
    @ParameterizedTest(name = "--task {0}")
    @ValueSource(strings = {"slots", "joint"})
    void aHybridModelTagsAndEvaluatesAsTheTaggerApiDoes(String task) throws Exception {
        Path model = tmp.resolve("hybrid-" + task);
        CliRun.Result trained = CliRun.run("train", "--data", data.toString(), "--out", model.toString(), "--epochs",
                "4", "--nh", "16", "--de", "8", "--win", "3", "--lr", "0.2", "--recurrence", "hybrid", "--task", task);
        assertThat(trained.code()).as(trained.err()).isZero();
        assertThat(Files.readAllLines(model.resolve("model.txt"))).contains("recurrence=hybrid", "task=" + task);
        for (String name : new String[] {"wh", "ws", "h0", "s0"}) {
            assertThat(model.resolve(name + ".npy")).exists();
        }
        Tagger tagger = Tagger.load(model, ScalarKernels.INSTANCE);
        List<String> sentences = Files.readAllLines(data.resolve("test/seq.in"));
        List<String> expected = new java.util.ArrayList<>(); // "word label" lines, a blank line after each sentence
        List<String> conll = new java.util.ArrayList<>();    // the same, each sentence after "# intent = ..." (joint)
        for (String sentence : sentences) {
            String[] words = sentence.split(" ");
            String[] labels = tagger.tag(words);
            if (task.equals("joint")) {
                conll.add("# intent = " + tagger.classify(words));
            }
            for (int t = 0; t < words.length; t++) {
                expected.add(words[t] + " " + labels[t]);
                conll.add(words[t] + " " + labels[t]);
            }
            expected.add("");
            conll.add("");
        }

        CliRun.Result tag = CliRun.run("tag", "--model", model.toString(), "--kernels", "scalar", "--format", "conll",
                "--input", data.resolve("test/seq.in").toString());
        assertThat(tag.code()).as(tag.err()).isZero();
        assertThat(tag.out().strip().lines().map(String::strip).toList())
                .containsExactlyElementsOf(conll.subList(0, conll.size() - 1));

        Path predictions = tmp.resolve("hybrid-" + task + ".predictions");
        CliRun.Result eval = CliRun.run("eval", "--model", model.toString(), "--kernels", "scalar", "--data",
                data.resolve("test").toString(), "--predictions", predictions.toString());
        assertThat(eval.code()).as(eval.err()).isZero();
        List<String> predicted = Files.readAllLines(predictions).stream() // 'word gold predicted' -> 'word predicted'
                .map(l -> l.isBlank() ? "" : l.split(" ")[0] + " " + l.split(" ")[2]).toList();
        assertThat(predicted).containsExactlyElementsOf(expected);

    }
}
