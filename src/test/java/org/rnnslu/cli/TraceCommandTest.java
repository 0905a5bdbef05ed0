package org.rnnslu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnslu.data.LabelSet;
import org.rnnslu.data.Preprocessing;
import org.rnnslu.data.Vocabulary;
import org.rnnslu.store.ModelFolder;
import org.rnnslu.io.Npy;
import org.rnnslu.model.Dims;
import org.rnnslu.model.Objective;
import org.rnnslu.model.Params;
import org.rnnslu.model.Pooling;
import org.rnnslu.model.Task;
import org.rnnslu.cli.CliRun.Result;

/** trace: raw idxs and numeric labels, the objectives, normalize() of a fresh folder, the intent head. */
class TraceCommandTest {

    static final String TINY = Path.of("data", "tiny-model").toString();


    static Result run(String... args) {
        return CliRun.run(args);
    }

    static Result ok(String... args) {
        Result r = run(args);
        assertThat(r.code()).as(r.err()).isZero();
        return r;
    }

    static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("'" + regex + "' in\n" + text).isTrue();
        return m.group(1);
    }

    static double loss(Result r) {
        return Double.parseDouble(group(r.out(), "\\n  loss = (\\S+)"));
    }

    /** h_0 depends on x_0 and h0 only, so a 1-row call of the first window gives the sentence's h[0]. */
    @Test
    void oneRowCallOfTheFirstWindowMatchesTheSentencesFirstStep() {
        Result sentence = ok("trace", "--model", TINY, "--words", "to boston", "--labels", "O B-toloc.city_name");
        Result call = ok("trace", "--model", TINY, "--idxs", "[[-1, 3, 1]]", "--y", "0");
        String h0 = group(sentence.out(), "h\\[0\\] = (\\[[^\\]]*\\])");
        assertThat(group(call.out(), "h\\[0\\] = (\\[[^\\]]*\\])")).isEqualTo(h0);
        assertThat(call.out()).contains("t=0  [-1, 3, 1]   = <pad> to boston").contains("target O (0)");
        // the window that is NOT the sentence's first gives another h[0]
        Result other = ok("trace", "--model", TINY, "--idxs", "[[3, 1, -1]]", "--y", "0");
        assertThat(group(other.out(), "h\\[0\\] = (\\[[^\\]]*\\])")).isNotEqualTo(h0);
    }

    @Test
    void bpttPrintsOneCallPerWordAndRefusesWhatIs13CannotRun() {
        Result r = ok("trace", "--model", TINY, "--words", "to boston to boston", "--labels",
                "O B-toloc.city_name O B-toloc.city_name", "--bptt", "3");
        assertThat(r.out()).contains("is13 call 1 of 4: word_batch = the windows of words 0..0 (1 row)")
                .contains("is13 call 4 of 4: word_batch = the windows of words 1..3 (3 rows), label_last_word = y[3] = B-toloc.city_name (2)");
        assertThat(r.out().split("is13 call ", -1)).hasSize(5);
        for (String[] bad : new String[][] {{"--bptt", "0"}, {"--bptt", "3", "--objective", "per-word"},
                {"--bptt", "3", "--dump", "x"}}) {
            List<String> args = new java.util.ArrayList<>(List.of("trace", "--model", TINY, "--words", "to boston"));
            args.addAll(List.of(bad));
            Result e = run(args.toArray(new String[0]));
            assertThat(e.code()).as(String.join(" ", bad)).isEqualTo(2);
            assertThat(e.err().strip()).doesNotContain("\n").startsWith("rnnslu trace:");
            assertThat(e.out()).isEmpty();
        }
    }

    @Test
    void idxsMatrixOfTheWholeSentenceIsTheSentence() {
        Result sentence = ok("trace", "--model", TINY, "--words", "to boston", "--labels", "O B-toloc.city_name");
        Result idxs = ok("trace", "--model", TINY, "--idxs", "[[-1,3,1],[3,1,-1]]", "--y", "[0, 2]");
        assertThat(loss(idxs)).isEqualTo(loss(sentence));
        assertThat(idxs.out()).contains("B-toloc.city_name (2)").contains("boston (1)");
    }

    @Test
    void lastStepLeavesEarlierRowsOutOfTheLoss() {
        Result last = ok("trace", "--model", TINY, "--words", "to boston", "--labels", "O B-toloc.city_name",
                "--objective", "last-step");
        String lastTerm = group(last.out(), "t=1  -log p\\[1, B-toloc.city_name \\(2\\)\\] = (\\S+)");
        assertThat(loss(last)).isEqualTo(Double.parseDouble(lastTerm));
        assertThat(last.out()).contains("t=0  -log p[0, B-toloc.city_name (2)]").contains("not in the loss")
                .contains("label_last_word = B-toloc.city_name (2)");
        Result perWord = ok("trace", "--model", TINY, "--words", "to boston", "--labels", "O B-toloc.city_name");
        assertThat(loss(perWord)).isNotEqualTo(loss(last));
    }

    /** The hybrid: the tutorial's mean loss with is13's scalar y, which numpy broadcasts to every row. */
    @Test
    void scalarYBroadcastsLikeAllSteps() {
        Result scalar = ok("trace", "--model", TINY, "--words", "to boston", "--y", "2");
        Result allSteps = ok("trace", "--model", TINY, "--words", "to boston", "--y", "0 2", "--objective", "all-steps");
        assertThat(loss(scalar)).isEqualTo(loss(allSteps));
        assertThat(scalar.out()).contains("numpy broadcasts it").contains("t=0  -log p[0, B-toloc.city_name (2)]");
        Result last = ok("trace", "--model", TINY, "--words", "to boston", "--y", "2", "--objective", "last-step");
        assertThat(loss(last)).isNotEqualTo(loss(scalar));
    }

    @Test
    void objectiveIsCheckedAgainstTheTask(@TempDir Path tmp) throws Exception {
        Result bad = run("trace", "--model", TINY, "--words", "to boston", "--objective", "sometimes");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().strip()).isEqualTo("rnnslu trace: trace: --objective takes per-word, all-steps or last-step, got 'sometimes'");
        Path joint = save(tmp.resolve("joint"), new Dims(4, 2, 3, 2, 3, 2, Pooling.LAST), Task.JOINT, null);
        Result j = run("trace", "--model", joint.toString(), "--words", "to boston", "--objective", "last-step");
        assertThat(j.code()).isEqualTo(2);
        assertThat(j.err()).contains("joint model").doesNotContain("\tat ");
        Path intent = save(tmp.resolve("intent"), new Dims(4, 2, 3, 2, 3), Task.INTENT, Objective.LAST_STEP);
        Result i = run("trace", "--model", intent.toString(), "--words", "to boston", "--objective", "per-word");
        assertThat(i.code()).isEqualTo(2);
        assertThat(i.err()).contains("one per sentence");
        Result recorded = ok("trace", "--model", intent.toString(), "--words", "to boston", "--y", "1");
        assertThat(recorded.out()).contains("objective: last-step (what trained the model)").contains("not in the loss");
    }

    @Test
    void badIdxsAndYAreOneLineErrors() {
        String[][] cases = {
                {"--idxs", "[-1, 3, 1]"}, {"--idxs", "[[-1, 3]]"}, {"--idxs", "[[-1, 3, 9]]"}, {"--idxs", "[[-1, x, 1]]"},
                {"--idxs", "[[-2, 3, 1]]"}, {"--idxs", "[[]]"}, {"--words", "to boston", "--y", "3"},
                {"--words", "to boston", "--y", "[0, 1, 2]"}, {"--words", "to boston", "--y", "-1"},
                {"--words", "to boston", "--labels", "O"}, {"--words", "to", "--idxs", "[[-1,3,1]]"},
                {"--words", "to boston", "--y", "1", "--labels", "O O"}, {"--idxs", "[[[-1, 3, 1]]]"},
                {"--idxs", "[[-1, 3, 99999999999]]"}, {"--idxs", "[[-1, 3, 1]"}, {"--idxs", "[[-1, 3, 1]] [[1, 2, 3]]"},
                {"--words", "to", "--y", ""}, {"--words", "to", "--y", "[]"}, {"--words", "to", "--y", "1.5"},
                {"--words", "to", "--objective", "per-word", "--intent", "atis_flight"}};
        for (String[] c : cases) {
            String[] args = new String[c.length + 3];
            args[0] = "trace";
            args[1] = "--model";
            args[2] = TINY;
            System.arraycopy(c, 0, args, 3, c.length);
            Result r = run(args);
            assertThat(r.code()).as(String.join(" ", c) + ": " + r.err()).isEqualTo(2);
            assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
            assertThat(r.out()).isEmpty();
        }
    }

    /** A folder saved before any normalize(): the tutorial's normalize() rescales every row, not only those used. */
    @Test
    void freshFolderHasEveryRowNormalised(@TempDir Path tmp) throws Exception {
        Path fresh = save(tmp.resolve("fresh"), new Dims(4, 2, 3, 2, 3), Task.SLOTS, null);
        Result r = ok("trace", "--model", fresh.toString(), "--words", "to", "--y", "0");
        assertThat(r.out()).contains("5 of the 5 rows did not have unit length");
        double err = Double.parseDouble(group(r.out(), "now all 1 \\(the largest error: (\\S+)\\)"));
        assertThat(err).isLessThan(1e-6);
        Result unit = ok("trace", "--model", TINY, "--words", "to", "--y", "0");
        assertThat(unit.out()).contains("Every row had unit length before the call");
    }

    @Test
    void intentHeadTermNamesItsPoolingAndQIsDumped(@TempDir Path tmp) throws Exception {
        Path joint = save(tmp.resolve("joint"), new Dims(4, 2, 3, 2, 3, 2, Pooling.MEAN), Task.JOINT, null);
        Path dump = tmp.resolve("dump");
        Result r = ok("trace", "--model", joint.toString(), "--words", "to boston", "--labels", "O B-toloc.city_name",
                "--intent", "atis_airfare", "--dump", dump.toString());
        assertThat(r.out()).contains("+ intent head: -log q[atis_airfare (1)]").contains("u = mean_t h_t [2]");
        float[] q = Npy.read(dump.resolve("q.npy")).data();
        assertThat(q).hasSize(2);
        assertThat(q[0] + q[1]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-6f));
        double slot = 0;
        for (String term : List.of(group(r.out(), "t=0  -log p\\[0, [^=]*= (\\S+)"), group(r.out(), "t=1  -log p\\[1, [^=]*= (\\S+)"))) {
            slot += 0.5 * Double.parseDouble(term);
        }
        double intent = Double.parseDouble(group(r.out(), "intent head: -log q\\[[^=]*= (\\S+)"));
        assertThat(loss(r)).isCloseTo(slot + intent, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(-Math.log(q[1])).isCloseTo(intent, org.assertj.core.data.Offset.offset(1e-5));
        Path last = save(tmp.resolve("last"), new Dims(4, 2, 3, 2, 3, 2, Pooling.LAST), Task.JOINT, null);
        assertThat(ok("trace", "--model", last.toString(), "--words", "to boston").out()).contains("u = h[n-1], the last step");
    }

    @Test
    void fullMarkdownHasEveryParameterAndCodeBlocks() {
        Result r = ok("trace", "--model", TINY, "--words", "to boston", "--labels", "O B-toloc.city_name", "--full", "--markdown");
        assertThat(r.out()).contains("### 3. the scan").contains("```").contains("wx [6,2] =")
                .contains("dhNext = da[0] . wh^T").contains("demb[-1] += dx[0][0:2]");
        assertThat(r.out().split("```", -1).length % 2).as("code blocks are closed").isEqualTo(1);
    }

    /** Scores that overflow float32: the sections up to the one that first reads them, then one line and exit 2. */
    @Test
    void overflowingScoresFailAtTheSectionThatReadsThem(@TempDir Path tmp) throws Exception {
        Path broken = resave(save(tmp.resolve("overflow"), new Dims(4, 2, 3, 2, 3), Task.SLOTS, null), tmp.resolve("broken"),
                p -> {
                    java.util.Arrays.fill(p.w, 3e38f); // h . w + b: +Inf in every class, so p is NaN
                    java.util.Arrays.fill(p.b, 3e38f);
                });
        Result r = run("trace", "--model", broken.toString(), "--words", "to boston", "--labels", "O O");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").contains("NaN");
        assertThat(r.out()).contains("4. s_t = T.nnet.softmax").contains("p[1, O (0)] = NaN").contains("5. y_pred")
                .doesNotContain("predicted").doesNotContain("6. loss");
    }

    /** Without --labels an intent model's target is the intent it reads, the Tagger's (pool mean: argmax mean_t p_t). */
    @Test
    void intentModelsDefaultTargetIsTheTaggersIntent(@TempDir Path tmp) throws Exception {
        Path intent = resave(save(tmp.resolve("small"), new Dims(4, 2, 3, 2, 3, 0, Pooling.MEAN), Task.INTENT, null),
                tmp.resolve("mean"), p -> { // h_t = sigmoid(10 emb[word_t]); label a when h_t[0] > h_t[1], else b
                    System.arraycopy(new float[] {0, 0, 1, 0, 0, 1, -1, 0, 0, 0}, 0, p.embeddings, 0, 10); // boston from to
                    java.util.Arrays.fill(p.wx, 0f);
                    java.util.Arrays.fill(p.wh, 0f);
                    p.wx[2 * 2] = 10; // [de*cs, nh]: the middle word's embedding, unit by unit
                    p.wx[3 * 2 + 1] = 10;
                    System.arraycopy(new float[] {8, -8, 0, -8, 8, 0}, 0, p.w, 0, 6);
                });
        org.rnnslu.Tagger tagger = org.rnnslu.Tagger.load(intent);
        ModelFolder.Contents model = ModelFolder.load(intent);
        int notTheLastWords = 0;
        for (String words : List.of("to", "boston", "boston boston to", "from boston to", "to boston boston boston")) {
            Result r = ok("trace", "--model", intent.toString(), "--words", words);
            String target = group(r.out(), "target (\\S+) \\(");
            assertThat(target).as(words).isEqualTo(tagger.classify(words.split(" ")));
            String last = group(r.out(), "(?s)p\\[" + (words.split(" ").length - 1) + "\\]  top: (\\S+) \\(");
            notTheLastWords += target.equals(last) ? 0 : 1;
            assertThat(model.labels().indexOf(target)).isNotNegative();
        }
        assertThat(notTheLastWords).as("sentences whose mean_t p_t is not their last word's p").isPositive();
    }

    /** model.txt says objective= only when it is not the task's default, so default models keep their bytes. */
    @Test
    void modelFolderRecordsANonDefaultObjectiveOnly(@TempDir Path tmp) throws Exception {
        Dims d = new Dims(4, 2, 3, 2, 3);
        Path plain = save(tmp.resolve("plain"), d, Task.INTENT, null);
        Path explicitDefault = save(tmp.resolve("default"), d, Task.INTENT, Objective.ALL_STEPS);
        Path last = save(tmp.resolve("last"), d, Task.INTENT, Objective.LAST_STEP);
        assertThat(Files.readAllBytes(explicitDefault.resolve("model.txt"))).isEqualTo(Files.readAllBytes(plain.resolve("model.txt")));
        assertThat(Files.readAllLines(plain.resolve("model.txt"))).noneMatch(l -> l.startsWith("objective="));
        assertThat(Files.readAllLines(last.resolve("model.txt"))).contains("objective=last-step");
        assertThat(ModelFolder.load(last).trainedWith()).isEqualTo(Objective.LAST_STEP);
        assertThat(ModelFolder.load(plain).trainedWith()).isEqualTo(Objective.ALL_STEPS);
        Path slots = save(tmp.resolve("slots"), d, Task.SLOTS, Objective.LAST_STEP);
        assertThat(ModelFolder.load(slots).trainedWith()).isEqualTo(Objective.LAST_STEP);
        Path file = slots.resolve("model.txt");
        Files.writeString(file, Files.readString(file).replace("objective=last-step", "objective=sometimes"));
        Files.delete(slots.resolve("MANIFEST"));
        Result r = run("trace", "--model", slots.toString(), "--words", "to");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("model.txt").contains("objective=sometimes");
    }

    /** The model folder at dir with its parameters changed by edit, saved at to. */
    static Path resave(Path dir, Path to, java.util.function.Consumer<Params> edit) throws Exception {
        ModelFolder.Contents c = ModelFolder.load(dir);
        edit.accept(c.params());
        ModelFolder.save(to, c);
        return to;
    }

    /** A model folder of the given shape, task and recorded objective, with vocabulary <UNK> boston from to. */
    static Path save(Path dir, Dims d, Task task, Objective objective) throws Exception {
        Vocabulary vocab = Vocabulary.of(List.of(Vocabulary.UNK, "boston", "from", "to"), Preprocessing.DEFAULT);
        LabelSet slots = LabelSet.of(List.of("O", "B-fromloc.city_name", "B-toloc.city_name"));
        LabelSet intents = LabelSet.of(List.of("atis_flight", "atis_airfare"));
        LabelSet outputs = task == Task.INTENT ? LabelSet.of(List.of("a", "b", "c")) : slots;
        ModelFolder.save(dir, new ModelFolder.Contents(Params.initialise(d, 3), vocab, outputs,
                task == Task.JOINT ? intents : null, task, objective));
        return dir;
    }
}
