package org.rnnslu.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.rnnslu.io.InputException;
import org.rnnslu.data.LabelSet;
import org.rnnslu.data.Preprocessing;
import org.rnnslu.data.Vocabulary;
import org.rnnslu.model.Architecture;
import org.rnnslu.model.Dims;
import org.rnnslu.model.Params;
import org.rnnslu.model.Pooling;
import org.rnnslu.model.Task;
import org.rnnslu.io.Npy;

class ModelFolderTest {

    @TempDir
    Path tmp;

    private final Dims dims = new Dims(4, 3, 3, 5, 2);
    private final Vocabulary vocab = Vocabulary.of(List.of("<UNK>", "to", "boston", "DIGIT"), Preprocessing.DEFAULT);
    private final LabelSet labels = LabelSet.of(List.of("B-toloc.city_name", "O"));

    private ModelFolder.Contents contents() {
        return new ModelFolder.Contents(Params.initialise(dims, 9), vocab, labels, Task.SLOTS);
    }

    @Test
    void roundTripKeepsEveryValue() throws Exception {
        ModelFolder.Contents c = contents();
        ModelFolder.save(tmp.resolve("m"), c);
        ModelFolder.Contents back = ModelFolder.load(tmp.resolve("m"));
        assertThat(back.params().dims).isEqualTo(dims);
        for (String name : Params.NAMES) {
            assertThat(back.params().byName(name)).containsExactly(c.params().byName(name));
        }
        assertThat(back.vocabulary().words()).isEqualTo(vocab.words());
        assertThat(back.labels().labels()).isEqualTo(labels.labels());
        assertThat(back.task()).isEqualTo(Task.SLOTS);
        assertThat(Npy.read(tmp.resolve("m/embeddings.npy")).shape()).containsExactly(5, 3);
        assertThat(Npy.read(tmp.resolve("m/wx.npy")).shape()).containsExactly(9, 5);
    }

    /** What the tutorial's rnn.save(folder) writes (float64 when floatX is float64), plus the two text files. */
    @Test
    void aTutorialFolderLoads() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("tutorial"));
        Params p = Params.initialise(dims, 3);
        for (String name : Params.NAMES) {
            float[] f = p.byName(name);
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            Npy.writeDouble(dir.resolve(name + ".npy"), d, Params.shapeOf(dims, name));
        }
        Files.write(dir.resolve("words.txt"), vocab.words());
        Files.write(dir.resolve("labels.txt"), labels.labels());
        ModelFolder.Contents c = ModelFolder.load(dir);
        assertThat(c.params().dims).isEqualTo(dims);
        assertThat(c.params().wh).containsExactly(p.wh);
        assertThat(c.vocabulary().preprocessing()).isEqualTo(Preprocessing.DEFAULT);
    }

    @Test
    void inconsistentShapesNameTheFile() throws Exception {
        ModelFolder.save(tmp.resolve("m"), contents());
        Files.delete(tmp.resolve("m/MANIFEST"));
        Npy.write(tmp.resolve("m/bh.npy"), new float[4], 4);
        assertThatThrownBy(() -> ModelFolder.load(tmp.resolve("m"))).isInstanceOf(InputException.class)
                .hasMessageContaining("bh.npy").hasMessageContaining("expected (5,)");
        Npy.write(tmp.resolve("m/bh.npy"), new float[5], 5);
        Files.write(tmp.resolve("m/words.txt"), List.of("<UNK>", "to"));
        Files.delete(tmp.resolve("m/model.txt"));
        assertThatThrownBy(() -> ModelFolder.load(tmp.resolve("m"))).isInstanceOf(InputException.class)
                .hasMessageContaining("words.txt");
    }

    @Test
    void aModifiedOrTruncatedFileIsCaughtByTheManifest() throws Exception {
        ModelFolder.save(tmp.resolve("m"), contents());
        byte[] b = Files.readAllBytes(tmp.resolve("m/wh.npy"));
        b[b.length - 1] ^= 1; // still a valid .npy, one value changed
        Files.write(tmp.resolve("m/wh.npy"), b);
        assertThatThrownBy(() -> ModelFolder.load(tmp.resolve("m"))).isInstanceOf(InputException.class)
                .hasMessageContaining("wh.npy").hasMessageContaining("MANIFEST");
    }

    @Test
    void nonFiniteParametersAreRejected() throws Exception {
        ModelFolder.Contents c = contents();
        c.params().w[3] = Float.NaN;
        ModelFolder.save(tmp.resolve("m"), c);
        assertThatThrownBy(() -> ModelFolder.load(tmp.resolve("m"))).isInstanceOf(InputException.class)
                .hasMessageContaining("w.npy");
    }

    @Test
    void savingReplacesAModelButNeverAnUnrelatedFolder() throws Exception {
        ModelFolder.save(tmp.resolve("m"), contents());
        ModelFolder.Contents second = new ModelFolder.Contents(Params.initialise(dims, 10), vocab, labels, Task.SLOTS);
        ModelFolder.save(tmp.resolve("m"), second);
        assertThat(ModelFolder.load(tmp.resolve("m")).params().wx).containsExactly(second.params().wx);
        try (var s = Files.list(tmp)) {
            assertThat(s.map(f -> f.getFileName().toString()).toList()).containsExactly("m"); // no temp leftovers
        }
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(home.resolve("thesis.tex"), "precious");
        assertThatThrownBy(() -> ModelFolder.save(home, contents())).isInstanceOf(InputException.class);
        assertThat(Files.readString(home.resolve("thesis.tex"))).isEqualTo("precious");
    }

    /** An intent model with a mean-pooled intent head: wi, bi, intents.txt and intent_pool=mean come back. */
    @Test
    void anIntentModelWithAMeanPooledHeadRoundTrips() throws Exception {
        Dims d = new Dims(4, 3, 3, 5, 2, 2, Pooling.MEAN);
        LabelSet intents = LabelSet.of(List.of("atis_flight", "atis_airfare"));
        ModelFolder.Contents c = new ModelFolder.Contents(Params.initialise(d, 9), vocab, intents, intents, Task.INTENT);
        ModelFolder.save(tmp.resolve("m"), c);
        assertThat(Files.readAllLines(tmp.resolve("m/model.txt"))).contains("intent_pool=mean");
        ModelFolder.Contents back = ModelFolder.load(tmp.resolve("m"));
        assertThat(back.params().dims).isEqualTo(d);
        assertThat(back.task()).isEqualTo(Task.INTENT);
        assertThat(back.params().wi).containsExactly(c.params().wi);
        assertThat(back.intents().labels()).isEqualTo(intents.labels());
    }

    /** model.txt names an architecture only where it is not the tutorial's; absent keys load as the tutorial's. */
    @Test
    void architectureKeysAreWrittenOnlyWhenNotTheTutorialsAndChecked() throws Exception {
        ModelFolder.save(tmp.resolve("t"), contents());
        assertThat(Files.readAllLines(tmp.resolve("t/model.txt")))
                .noneMatch(l -> l.startsWith("recurrence=") || l.startsWith("direction=") || l.startsWith("output="));
        assertThat(ModelFolder.load(tmp.resolve("t")).params().dims.arch()).isEqualTo(Architecture.TUTORIAL);

        Architecture other = new Architecture(Architecture.Recurrence.JORDAN, Architecture.Direction.BI,
                Architecture.Output.CRF);
        ModelFolder.save(tmp.resolve("all"), new ModelFolder.Contents(Params.initialise(dims.withArch(other), 9), vocab,
                labels, Task.SLOTS));
        assertThat(Files.readAllLines(tmp.resolve("all/model.txt")))
                .contains("recurrence=jordan", "direction=bi", "output=crf");

        Dims d = dims.withArch(Architecture.TUTORIAL.withDirection(Architecture.Direction.BI));
        ModelFolder.save(tmp.resolve("m"), new ModelFolder.Contents(Params.initialise(d, 9), vocab, labels, Task.SLOTS));
        assertThat(ModelFolder.load(tmp.resolve("m")).params().dims).isEqualTo(d);

        Path file = tmp.resolve("m/model.txt");
        Files.writeString(file, Files.readString(file) + "output=svm\n");
        Files.delete(tmp.resolve("m/MANIFEST"));
        assertThatThrownBy(() -> ModelFolder.load(tmp.resolve("m"))).isInstanceOf(InputException.class)
                .hasMessageContaining("output=svm").hasMessageContaining("model.txt");
    }

    /** The bidirectional, Jordan and hybrid networks: every parameter, their own included, comes back with every bit. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bi", "jordan", "hybrid", "bi-joint-max", "jordan-joint-mean", "hybrid-joint-max"})
    void otherRecurrencesRoundTripEveryValue(String which) throws Exception {
        Architecture arch = which.startsWith("bi") ? Architecture.TUTORIAL.withDirection(Architecture.Direction.BI)
                : Architecture.TUTORIAL.withRecurrence(Architecture.Recurrence.parse(which.split("-")[0]));
        boolean joint = which.contains("joint");
        Dims d = new Dims(4, 3, 3, 5, 2, joint ? 2 : 0, which.endsWith("max") ? Pooling.MAX
                : which.endsWith("mean") ? Pooling.MEAN : Pooling.LAST).withArch(arch);
        Params p = new Params(d);
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        for (String name : p.names()) {
            float[] a = p.byName(name);
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) rng.nextDouble();
            }
        }
        LabelSet intents = joint ? LabelSet.of(List.of("atis_flight", "atis_airfare")) : null;
        ModelFolder.save(tmp.resolve("m"), new ModelFolder.Contents(p, vocab, labels, intents,
                joint ? Task.JOINT : Task.SLOTS));
        assertThat(Files.readAllLines(tmp.resolve("m/model.txt"))).contains(which.startsWith("bi") ? "direction=bi"
                : "recurrence=" + which.split("-")[0]);
        ModelFolder.Contents back = ModelFolder.load(tmp.resolve("m"));
        assertThat(back.params().dims).isEqualTo(d);
        for (String name : p.names()) {
            assertThat(Files.exists(tmp.resolve("m/" + name + ".npy"))).as(name).isTrue();
            assertThat(back.params().byName(name)).as(name).containsExactly(p.byName(name));
        }
        assertThat(Npy.read(tmp.resolve("m/w.npy")).shape()).containsExactly(d.bidirectional() ? 10 : 5, 2);
    }

    /** A bidirectional folder whose w.npy reads only h_fwd, or one whose whb.npy is missing, is refused by name. */
    @Test
    void aBidirectionalFolderWithTheWrongShapesNamesTheFile() throws Exception {
        Dims d = dims.withArch(Architecture.TUTORIAL.withDirection(Architecture.Direction.BI));
        ModelFolder.save(tmp.resolve("m"), new ModelFolder.Contents(Params.initialise(d, 9), vocab, labels, Task.SLOTS));
        Files.delete(tmp.resolve("m/MANIFEST"));
        Npy.write(tmp.resolve("m/w.npy"), new float[5 * 2], 5, 2);
        assertThatThrownBy(() -> ModelFolder.load(tmp.resolve("m"))).isInstanceOf(InputException.class)
                .hasMessageContaining("w.npy").hasMessageContaining("expected 2 * nh = 10");
        Npy.write(tmp.resolve("m/w.npy"), new float[10 * 2], 10, 2);
        Npy.write(tmp.resolve("m/whb.npy"), new float[5 * 4], 5, 4);
        assertThatThrownBy(() -> ModelFolder.load(tmp.resolve("m"))).isInstanceOf(InputException.class)
                .hasMessageContaining("whb.npy").hasMessageContaining("(5, 5)");
        Files.delete(tmp.resolve("m/whb.npy"));
        assertThatThrownBy(() -> ModelFolder.load(tmp.resolve("m"))).isInstanceOf(InputException.class)
                .hasMessageContaining("whb.npy");
    }

    /** Without a head, pool = mean is the readout of the per-word softmax; a model without the key reads last. */
    @Test
    void intentPoolIsOptionalAndChecked() throws Exception {
        LabelSet intents = LabelSet.of(List.of("atis_flight", "atis_airfare"));
        Dims mean = new Dims(4, 3, 3, 5, 2, 0, Pooling.MEAN);
        ModelFolder.save(tmp.resolve("m"), new ModelFolder.Contents(Params.initialise(mean, 9), vocab, intents, Task.INTENT));
        assertThat(ModelFolder.load(tmp.resolve("m")).params().dims.pool()).isEqualTo(Pooling.MEAN);

        Path model = tmp.resolve("m/model.txt");
        List<String> lines = Files.readAllLines(model);
        Files.delete(tmp.resolve("m/MANIFEST"));
        Files.write(model, lines.stream().filter(l -> !l.startsWith("intent_pool")).toList());
        assertThat(ModelFolder.load(tmp.resolve("m")).params().dims.pool()).isEqualTo(Pooling.LAST); // an older model
        Files.write(model, lines.stream().map(l -> l.replace("intent_pool=mean", "intent_pool=min")).toList());
        assertThatThrownBy(() -> ModelFolder.load(tmp.resolve("m"))).isInstanceOf(InputException.class)
                .hasMessageContaining("intent_pool=min");
        Files.write(model, lines.stream().map(l -> l.replace("intent_pool=mean", "intent_pool=max")).toList());
        assertThatThrownBy(() -> ModelFolder.load(tmp.resolve("m"))).isInstanceOf(InputException.class)
                .hasMessageContaining("intent_pool=max but the folder has no intent head");
        Files.write(model, lines.stream().map(l -> l.replace("task=intent", "task=slots")).toList());
        assertThatThrownBy(() -> ModelFolder.load(tmp.resolve("m"))).isInstanceOf(InputException.class)
                .hasMessageContaining("intent_pool=mean but task=slots");
    }
}
