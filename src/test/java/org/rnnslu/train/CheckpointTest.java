package org.rnnslu.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnnslu.io.InputException;
import org.rnnslu.data.LabelSet;
import org.rnnslu.data.Preprocessing;
import org.rnnslu.data.Vocabulary;
import org.rnnslu.store.ModelFolder;
import org.rnnslu.model.Architecture;
import org.rnnslu.model.Dims;
import org.rnnslu.model.Params;
import org.rnnslu.model.Pooling;
import org.rnnslu.model.Task;

/**
 * A checkpoint restores every field of {@link Trainer.State}: each field is given a value no fresh
 * state has, written through the real files (the checkpoint folder and the model folder that holds
 * the best model) and compared after loading. A field this test does not know fails it, so a new
 * field of the state cannot be forgotten by the checkpoint.
 */
class CheckpointTest {

    private static final Dims DIMS = new Dims(4, 3, 3, 5, 3, 2, Pooling.MEAN); // with an intent head: wi, bi too

    @TempDir
    Path tmp;

    /** The tutorial's network, the bidirectional, Jordan and hybrid ones, a CRF output (their own parameters too). */
    static Stream<Architecture> architectures() {
        Architecture t = Architecture.TUTORIAL;
        return Stream.of(t, t.withDirection(Architecture.Direction.BI),
                t.withRecurrence(Architecture.Recurrence.JORDAN), t.withRecurrence(Architecture.Recurrence.HYBRID),
                t.withOutput(Architecture.Output.CRF));
    }

    @ParameterizedTest
    @MethodSource("architectures")
    void everyFieldOfTheStateSurvivesARoundTripThroughTheFiles(Architecture arch) throws Exception {
        Dims dims = DIMS.withArch(arch);
        Trainer.State st = new Trainer.State(distinct(dims, 1), new int[] {3, 0, 4, 1, 2});
        Params best = distinct(dims, 2);
        List<Field> fields = stateFields();
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            if (!Modifier.isFinal(f.getModifiers())) {
                f.set(st, distinctive(f, i, best));
            }
        }
        Path model = tmp.resolve("model");
        ModelFolder.save(model, new ModelFolder.Contents(best, vocabulary(), LabelSet.of(List.of("O", "B-a", "I-a")),
                LabelSet.of(List.of("x", "y")), Task.JOINT));
        Path dir = Checkpoint.folderFor(model);
        Checkpoint.save(dir, st, "fp");

        Trainer.State loaded = Checkpoint.load(dir, ModelFolder.load(model).params(), "fp");

        for (Field f : fields) {
            assertSame(f, f.get(loaded), f.get(st));
        }
    }

    @Test
    void aCheckpointOfOtherSettingsIsRefusedNamingBoth() throws Exception {
        Trainer.State st = Trainer.State.fresh(DIMS, new TrainSettings(), 5);
        st.bestScores = new Trainer.Scores(1, "F1 1.00", "F1 2.00");
        Path dir = tmp.resolve("run.checkpoint");
        Checkpoint.save(dir, st, "lr=0.1");
        assertThatThrownBy(() -> Checkpoint.load(dir, st.params, "lr=0.2"))
                .isInstanceOf(InputException.class).hasMessageContaining("lr=0.1").hasMessageContaining("lr=0.2");
    }

    /** Every element of every parameter random (biases, h0, h0b, s0 too: not zero as a fresh network's). */
    private static Params distinct(Dims d, long seed) {
        Params p = new Params(d);
        SplittableRandom rng = new java.util.SplittableRandom(seed);
        for (String name : p.names()) {
            float[] a = p.byName(name);
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) rng.nextDouble();
            }
        }
        return p;
    }

    /** The state's instance fields, in declaration order. */
    private static List<Field> stateFields() {
        List<Field> out = new ArrayList<>();
        for (Field f : Trainer.State.class.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                f.setAccessible(true);
                out.add(f);
            }
        }
        return out;
    }

    /** A value for field number i that no fresh state has and no other field shares. */
    private static Object distinctive(Field f, int i, Params best) {
        Class<?> t = f.getType();
        if (t == int.class) {
            return 17 + i;
        }
        if (t == long.class) {
            return 0x123456789abcL + i;
        }
        if (t == double.class) {
            return Math.PI / (3 + i); // not a short decimal: the file must keep every bit
        }
        if (t == boolean.class) {
            return true;
        }
        if (t == Params.class) {
            return best;
        }
        if (t == Trainer.Scores.class) {
            return new Trainer.Scores(Math.E / (2 + i), "F1 " + i + ".25", "F1 " + i + ".75");
        }
        return fail("Trainer.State." + f.getName() + " (" + t.getSimpleName()
                + ") is new: save it in the checkpoint, then teach this test its type");
    }

    private static void assertSame(Field f, Object actual, Object expected) {
        String name = "Trainer.State." + f.getName();
        if (expected instanceof Params) {
            Params a = (Params) actual;
            Params e = (Params) expected;
            assertThat(a.dims).as(name + ".dims").isEqualTo(e.dims);
            for (String p : e.names()) {
                assertThat(a.byName(p)).as(name + "." + p).isEqualTo(e.byName(p));
            }
        } else if (expected instanceof int[]) {
            assertThat((int[]) actual).as(name).isEqualTo((int[]) expected);
        } else if (expected instanceof Double) {
            assertThat(Double.doubleToRawLongBits((Double) actual)).as(name).isEqualTo(Double.doubleToRawLongBits((Double) expected));
        } else {
            assertThat(actual).as(name).isEqualTo(expected);
        }
    }

    private static Vocabulary vocabulary() {
        return Vocabulary.of(List.of("a", "b", "c", Vocabulary.UNK), Preprocessing.DEFAULT);
    }
}
