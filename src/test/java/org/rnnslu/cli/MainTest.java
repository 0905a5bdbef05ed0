package org.rnnslu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnslu.cli.CliRun.Result;

/** The command line end to end on a tiny corpus: exit codes, the final lines, errors without stack traces. */
class MainTest {

    @TempDir
    static Path tmp;
    static Path data;
    static Path model;
    static Result trained;


    static Result run(String... args) {
        return CliRun.run(args);
    }

    @BeforeAll
    static void train() throws Exception {
        data = TinyCorpus.write(tmp.resolve("data"), 7);
        model = tmp.resolve("model");
        trained = run("train", "--data", data.toString(), "--out", model.toString(), "--epochs", "30", "--nh", "16",
                "--de", "8", "--win", "3", "--lr", "0.2", "--predictions", tmp.resolve("pred.txt").toString());
    }

    @Test
    void trainEndsWithTheBestResultLineThenTheModel() {
        assertThat(trained.code()).as(trained.err()).isZero();
        List<String> lines = trained.lines();
        assertThat(lines.get(lines.size() - 2)).matches("BEST RESULT: epoch \\d+ valid F1 \\d+\\.\\d\\d test F1 \\d+\\.\\d\\d");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("model: " + model);
        assertThat(trained.out()).contains("[learning] epoch 0 >> 100.00% completed in").contains("NEW BEST: epoch 0");
        double testF1 = Double.parseDouble(lines.get(lines.size() - 2).replaceAll(".*test F1 ", ""));
        assertThat(testF1).as("a tiny, regular corpus is learned").isGreaterThan(90.0);
        assertThat(model.resolve("wx.npy")).exists();
        assertThat(model.resolve("MANIFEST")).exists();
    }

    @Test
    void predictionsFileHasConllevalsThreeColumns() throws Exception {
        List<String> lines = Files.readAllLines(tmp.resolve("pred.txt"));
        assertThat(lines.get(0).split(" ")).hasSize(3);
        assertThat(lines).contains("");
    }

    @Test
    void tagPrintsLabelsAndSlots() {
        Result r = run("tag", "--model", model.toString(), "flights from new york to denver");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("B-fromloc.city_name I-fromloc.city_name").contains("fromloc.city_name=new york")
                .contains("toloc.city_name=denver");
        Result json = run("tag", "--model", model.toString(), "--format", "json", "fares from boston to miami");
        assertThat(json.out()).startsWith("{\"words\":[\"fares\"").contains("\"type\":\"toloc.city_name\",\"text\":\"miami\"");
    }

    @Test
    void evalPrintsConllevalReport() {
        Result r = run("eval", "--model", model.toString(), "--data", data.resolve("test").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("accuracy:").contains("FB1:");
    }

    @Test
    void neighborsListsKWords() {
        Result r = run("neighbors", "--model", model.toString(), "boston", "-k", "3");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.lines()).hasSize(4);
    }

    @Test
    void traceDumpsEveryGradientBeforeTheUpdate() {
        Path dump = tmp.resolve("dump");
        Result r = run("trace", "--model", model.toString(), "--words", "flights from boston to denver",
                "--labels", "O O B-fromloc.city_name O B-toloc.city_name", "--dump", dump.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("idxs = T.imatrix()").contains("shape [n, cs]").contains("s[:, 0, :]").contains("updates=");
        for (String f : List.of("idxs.npy", "x.npy", "h.npy", "s.npy", "grad_embeddings.npy", "grad_wx.npy", "grad_wh.npy",
                "grad_w.npy", "grad_bh.npy", "grad_b.npy", "grad_h0.npy", "loss.txt")) {
            assertThat(dump.resolve(f)).exists();
        }
    }

    @Test
    void traceDumpReplacesItsOwnDumpButNeverAFolderItDidNotWrite() throws IOException {
        String[] call = {"trace", "--model", model.toString(), "--words", "flights from boston to denver",
                "--labels", "O O B-fromloc.city_name O B-toloc.city_name", "--dump", null};
        Path dump = tmp.resolve("dump-twice");
        call[call.length - 1] = dump.toString();
        assertThat(run(call).code()).isZero();
        Result again = run(call);
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(dump.resolve("grad_wx.npy")).exists();

        Path users = Files.createDirectories(tmp.resolve("users-folder"));
        Files.writeString(users.resolve("h.npy"), "the user's own file");
        call[call.length - 1] = users.toString();
        Result refused = run(call);
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err().strip()).doesNotContain("\n").contains("users-folder").contains("not a folder rnnslu wrote");
        assertThat(Files.readString(users.resolve("h.npy"))).isEqualTo("the user's own file");
        try (var entries = Files.list(users)) {
            assertThat(entries).hasSize(1);
        }
    }

    @Test
    void intentAndJointTasksTrainTagAndReportAccuracy() {
        Path intentModel = tmp.resolve("intent");
        Result r = run("train", "--data", data.toString(), "--out", intentModel.toString(), "--task", "intent",
                "--epochs", "15", "--nh", "16", "--de", "8", "--win", "3", "--lr", "0.2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.lines().get(r.lines().size() - 2)).matches("BEST RESULT: epoch \\d+ valid ACC \\d+\\.\\d\\d test ACC \\d+\\.\\d\\d");
        Result tag = run("tag", "--model", intentModel.toString(), "fares from boston to denver");
        assertThat(tag.out()).startsWith("atis_airfare\t");

        Path joint = tmp.resolve("joint");
        r = run("train", "--data", data.toString(), "--out", joint.toString(), "--task", "joint",
                "--epochs", "15", "--nh", "16", "--de", "8", "--win", "3", "--lr", "0.2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.lines().get(r.lines().size() - 2))
                .matches("BEST RESULT: epoch \\d+ valid F1 \\d+\\.\\d\\d ACC \\d+\\.\\d\\d test F1 \\d+\\.\\d\\d ACC \\d+\\.\\d\\d");
        assertThat(r.out()).contains("sentence accuracy");
        assertThat(joint.resolve("wi.npy")).exists();
        assertThat(joint.resolve("intents.txt")).exists();
        tag = run("tag", "--model", joint.toString(), "flights from boston to denver");
        assertThat(tag.out()).contains("toloc.city_name=denver").contains("intent: atis_flight");
        Result ev = run("eval", "--model", joint.toString(), "--data", data.resolve("test").toString());
        assertThat(ev.out()).contains("FB1:").contains("sentence accuracy");
        Result trace = run("trace", "--model", joint.toString(), "--words", "flights from boston to denver",
                "--labels", "O O B-fromloc.city_name O B-toloc.city_name", "--intent", "atis_flight");
        assertThat(trace.code()).as(trace.err()).isZero();
        assertThat(trace.out()).contains("-log p[1, O (").contains("intent head: -log q[atis_flight (").contains("dwi ");
    }

    /** --intent-pool mean with and without --intent-head: trained, saved, tagged and evaluated by that reading. */
    @Test
    void intentPoolingAndHeadTrainTagAndEvaluate() throws Exception {
        for (String head : new String[] {"false", "true"}) {
            Path model = tmp.resolve("intent-mean-" + head);
            Result r = run("train", "--data", data.toString(), "--out", model.toString(), "--task", "intent",
                    "--intent-pool", "mean", "--intent-head", head, "--epochs", "15", "--nh", "16", "--de", "8",
                    "--win", "3", "--lr", "0.2");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("intent_pool=mean" + (head.equals("true") ? " (intent head)" : ""));
            assertThat(r.lines().get(r.lines().size() - 2)).matches("BEST RESULT: epoch \\d+ valid ACC \\d+\\.\\d\\d test ACC \\d+\\.\\d\\d");
            assertThat(Files.readAllLines(model.resolve("model.txt"))).contains("intent_pool=mean");
            assertThat(model.resolve("wi.npy").toFile().exists()).isEqualTo(head.equals("true"));
            Result tag = run("tag", "--model", model.toString(), "fares from boston to denver");
            assertThat(tag.out()).startsWith("atis_airfare\t");
            Result ev = run("eval", "--model", model.toString(), "--data", data.resolve("test").toString());
            assertThat(ev.code()).as(ev.err()).isZero();
            assertThat(ev.out()).contains("accuracy");
        }
        Result bad = run("train", "--data", data.toString(), "--out", tmp.resolve("x").toString(), "--intent-head", "true");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--intent-head is for --task intent");
        bad = run("train", "--data", data.toString(), "--out", tmp.resolve("x").toString(), "--task", "joint",
                "--intent-pool", "min");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--intent-pool takes last, mean or max, got 'min'");
        bad = run("train", "--data", data.toString(), "--out", tmp.resolve("x").toString(), "--intent-pool", "mean");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--intent-pool mean needs --task intent or joint");
        bad = run("train", "--data", data.toString(), "--out", tmp.resolve("x").toString(), "--task", "intent",
                "--intent-pool", "max");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--intent-pool max needs an intent head");
    }

    @Test
    void resumeContinuesFromTheCheckpointToTheSameResult() throws Exception {
        String[] common = {"--data", data.toString(), "--nh", "12", "--de", "6", "--win", "3", "--lr", "0.2", "--seed", "9"};
        Path whole = tmp.resolve("whole");
        Result full = run(concat(new String[] {"train", "--out", whole.toString(), "--epochs", "6"}, common));
        Path part = tmp.resolve("part");
        Result first = run(concat(new String[] {"train", "--out", part.toString(), "--epochs", "3"}, common));
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(tmp.resolve("part.checkpoint/state.txt")).exists();
        Result rest = run(concat(new String[] {"train", "--out", part.toString(), "--epochs", "6", "--resume"}, common));
        assertThat(rest.code()).as(rest.err()).isZero();
        assertThat(rest.out()).contains("resuming at epoch 3");
        assertThat(last(rest, 2)).isEqualTo(last(full, 2));
        assertThat(Files.readAllBytes(part.resolve("wx.npy"))).isEqualTo(Files.readAllBytes(whole.resolve("wx.npy")));
        Result other = run(concat(new String[] {"train", "--out", part.toString(), "--epochs", "6", "--resume"},
                concat(common, new String[] {"--nh", "13"})));
        assertThat(other.code()).isEqualTo(2);
        assertThat(other.err()).contains("state.txt").contains("other settings");
    }

    @Test
    void batchedTrainingOnTwoThreadsLearnsAndSaysSo() {
        Result r = run("train", "--data", data.toString(), "--out", tmp.resolve("batched").toString(), "--epochs", "20",
                "--nh", "16", "--de", "8", "--win", "3", "--lr", "1.0", "--batch", "4", "--threads", "2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("batch=4").contains("(batch 4, 2 threads, kernels ");
        double testF1 = Double.parseDouble(last(r, 2).replaceAll(".*test F1 ", ""));
        assertThat(testF1).isGreaterThan(80.0);
    }

    @Test
    void perSentenceSgdScoresAheadOnASecondThreadWithTheSameResults() throws Exception {
        String[] common = {"--data", data.toString(), "--epochs", "12", "--nh", "16", "--de", "8", "--win", "3",
                "--lr", "0.5", "--patience", "1", "--min-lr", "0.02", "--progress", "lines"};
        Result one = run(concat(new String[] {"train", "--out", tmp.resolve("one").toString(), "--threads", "1"}, common));
        Result two = run(concat(new String[] {"train", "--out", tmp.resolve("two").toString(), "--threads", "2"}, common));
        assertThat(one.code()).as(one.err()).isZero();
        assertThat(two.code()).as(two.err()).isZero();
        assertThat(one.out()).contains("lr halved").contains("the rest is evaluation");
        assertThat(two.out()).contains("(batch 1, 1 thread, kernels ")
                .contains("each epoch scored on another thread while the next one trained");
        assertThat(withoutTimes(two.out())).isEqualTo(withoutTimes(one.out()).replace("one", "two"));
        for (String file : new String[] {"wx.npy", "wh.npy", "w.npy", "embeddings.npy", "model.txt"}) {
            assertThat(Files.readAllBytes(tmp.resolve("two").resolve(file))).as(file)
                    .isEqualTo(Files.readAllBytes(tmp.resolve("one").resolve(file)));
        }
    }

    /** The log without its timings and final summary line. */
    private static String withoutTimes(String out) {
        return out.replaceAll("completed in [0-9.]+ \\(sec\\) << [0-9,]+ words/s", "")
                .replaceAll("(?m)^[0-9]+ epochs in .*$", "");
    }

    private static String last(Result r, int fromEnd) {
        List<String> lines = r.lines();
        return lines.get(lines.size() - fromEnd);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void intentsFromTabSeparatedFiles() throws Exception {
        Path tsv = Files.createDirectories(tmp.resolve("tsv"));
        for (String split : new String[] {"train", "dev", "test"}) {
            List<String> in = Files.readAllLines(data.resolve(split + "/seq.in"));
            List<String> label = Files.readAllLines(data.resolve(split + "/label"));
            List<String> lines = new java.util.ArrayList<>();
            for (int i = 0; i < in.size(); i++) {
                lines.add(label.get(i) + "\t" + in.get(i));
            }
            Files.write(tsv.resolve(split + ".tsv"), lines);
        }
        Result r = run("train", "--data", tsv.toString(), "--out", tmp.resolve("tsv-model").toString(), "--task", "intent",
                "--epochs", "3", "--nh", "8", "--de", "4", "--win", "3");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(last(r, 2)).startsWith("BEST RESULT: epoch").contains("valid ACC");
    }

    @Test
    void misalignedLabelsAreOneLineWithFileAndLineAndExitTwo() throws Exception {
        Path bad = TinyCorpus.write(tmp.resolve("bad"), 3);
        List<String> out = Files.readAllLines(bad.resolve("train/seq.out"));
        out.set(4, out.get(4) + " O");
        Files.write(bad.resolve("train/seq.out"), out);
        Result r = run("train", "--data", bad.toString(), "--out", tmp.resolve("m2").toString(), "--epochs", "1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines().count()).isEqualTo(1);
        assertThat(r.err()).contains("seq.out:5").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(tmp.resolve("m2")).doesNotExist();
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run("train", "--data", data.toString()).code()).isEqualTo(2);
        Result typo = run("train", "--data", data.toString(), "--out", "x", "--epoch", "3");
        assertThat(typo.code()).isEqualTo(2);
        assertThat(typo.err()).contains("unknown option --epoch");
        assertThat(run("frobnicate").code()).isEqualTo(2);
        assertThat(run("train", "--help").code()).isZero();
        assertThat(run("tag", "--model", tmp.resolve("nope").toString(), "hi").err()).contains("no such model folder");
    }

    @Test
    void aTruncatedModelFileIsReportedAndNotLoaded() throws Exception {
        Path copy = tmp.resolve("truncated");
        Files.createDirectories(copy);
        try (var files = Files.list(model)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        byte[] wx = Files.readAllBytes(copy.resolve("wx.npy"));
        Files.write(copy.resolve("wx.npy"), java.util.Arrays.copyOf(wx, wx.length / 2));
        Result r = run("tag", "--model", copy.toString(), "flights from boston");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("wx.npy").doesNotContain("\tat ");
    }
}
