package org.rnnslu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnslu.cli.Main;
import org.rnnslu.data.LabelSet;
import org.rnnslu.data.Preprocessing;
import org.rnnslu.data.Vocabulary;
import org.rnnslu.store.ModelFolder;
import org.rnnslu.kernels.ScalarKernels;
import org.rnnslu.model.Dims;
import org.rnnslu.model.NonFiniteScoresException;
import org.rnnslu.model.Params;
import org.rnnslu.model.Task;

/** The Tagger API given what it should refuse: bad indices, no words, weights that overflow, many reloads. */
class TaggerHostileTest {

    static final Dims DIMS = new Dims(5, 4, 3, 6, 3);
    static final Vocabulary VOCAB = Vocabulary.of(List.of("<UNK>", "to", "boston", "DIGIT", "flights"), Preprocessing.DEFAULT);
    static final LabelSet LABELS = LabelSet.of(List.of("B-toloc.city_name", "I-toloc.city_name", "O"));

    static Tagger tagger(Params p) {
        return new Tagger(p, VOCAB, LABELS, Task.SLOTS, ScalarKernels.INSTANCE);
    }

    @Test
    void predictIndicesRejectsIndicesOutsideTheVocabularyNamingTheValue() {
        Tagger t = tagger(Params.initialise(DIMS, 3));
        assertThat(t.predictIndices(new int[] {0, 4})).hasSize(2);
        for (int bad : new int[] {5, -1, 1000, Integer.MIN_VALUE}) {
            assertThatThrownBy(() -> t.predictIndices(new int[] {1, bad})).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("word index " + bad + " at position 1 is outside the vocabulary [0, 5)");
        }
    }

    @Test
    void probabilitiesOfNoWordsIsEmptyLikeTag() {
        Tagger t = tagger(Params.initialise(DIMS, 3));
        assertThat(t.tag(new String[0])).isEmpty();
        assertThat(t.probabilities(new String[0])).isEmpty();
        assertThat(t.probabilities(new String[] {"to", "boston"})).hasDimensions(2, 3);
    }

    /** Finite weights whose products overflow float32: NaN scores are an error, not label 0. */
    @Test
    void scoresThatOverflowAreAnErrorNotLabelZero() {
        Params p = Params.initialise(DIMS, 3);
        Arrays.fill(p.w, 3e38f); // finite, but h · w overflows to +Inf in every class: softmax NaN
        Arrays.fill(p.bh, 10f);  // h near 1
        Tagger t = tagger(p);
        String[] words = {"flights", "to", "boston"};
        assertThatThrownBy(() -> t.tag(words)).isInstanceOf(NonFiniteScoresException.class).hasMessageContaining("NaN")
                .hasMessageContaining("overflow");
        assertThatThrownBy(() -> t.tagAll(List.<String[]>of(words))).isInstanceOf(NonFiniteScoresException.class);

        Params joint = Params.initialise(new Dims(5, 4, 3, 6, 3, 2), 3);
        Arrays.fill(joint.wi, 3e38f);
        Arrays.fill(joint.bh, 10f);
        Tagger j = new Tagger(joint, VOCAB, LABELS, LabelSet.of(List.of("atis_flight", "atis_fare")), Task.JOINT,
                ScalarKernels.INSTANCE);
        assertThatThrownBy(() -> j.classify(words)).isInstanceOf(NonFiniteScoresException.class)
                .hasMessageContaining("intent");
    }

    /** At the command line: one line, exit 2. */
    @Test
    void tagWithOverflowingWeightsIsOneLineAndExit2(@TempDir Path tmp) throws Exception {
        Params p = Params.initialise(DIMS, 3);
        Arrays.fill(p.w, 3e38f);
        Arrays.fill(p.bh, 10f);
        Path model = tmp.resolve("model");
        ModelFolder.save(model, new ModelFolder.Contents(p, VOCAB, LABELS, Task.SLOTS));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"tag", "--model", model.toString(), "--kernels", "scalar", "flights to boston"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).hasSize(1).allSatisfy(l ->
                assertThat(l).startsWith("rnnslu tag: the label scores are NaN"));
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    /** 300 reloads behind an 8-thread pool at -Xmx64m: each dead Tagger's workspaces go with it. */
    @Test
    void deadTaggersLeaveNoWorkspacesInPoolThreads(@TempDir Path tmp) throws Exception {
        String cp = Path.of("target", "classes").toAbsolutePath() + java.io.File.pathSeparator
                + Path.of("target", "test-classes").toAbsolutePath();
        Path out = tmp.resolve("out.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-XX:TieredStopAtLevel=1", "-cp", cp, "org.rnnslu.hostile.ReloadLoop", "300")
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("done within 120 s").isTrue();
        String printed = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(printed).doesNotContain("OutOfMemoryError").contains("ok");
        assertThat(p.exitValue()).isZero();
    }
}
