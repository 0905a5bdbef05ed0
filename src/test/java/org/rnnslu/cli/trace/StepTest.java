package org.rnnslu.cli.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnnslu.data.ContextWindows;
import org.rnnslu.kernels.Kernels;
import org.rnnslu.kernels.ScalarKernels;
import org.rnnslu.model.Architecture;
import org.rnnslu.model.Dims;
import org.rnnslu.model.Network;
import org.rnnslu.model.Objective;
import org.rnnslu.model.Params;
import org.rnnslu.model.Pooling;

/** A traced step is the library's training step, for every kind of network, from a fresh folder or a trained one. */
class StepTest {

    static final Kernels K = ScalarKernels.INSTANCE;
    static final Dims ELMAN = new Dims(5, 3, 3, 4, 3);
    static final List<Dims> KINDS = List.of(ELMAN, new Dims(5, 3, 3, 4, 3, 2, Pooling.MEAN),
            ELMAN.withArch(Architecture.TUTORIAL.withDirection(Architecture.Direction.BI)),
            ELMAN.withArch(Architecture.TUTORIAL.withRecurrence(Architecture.Recurrence.JORDAN)),
            ELMAN.withArch(Architecture.TUTORIAL.withOutput(Architecture.Output.CRF)));

    @Test
    void stepEndsWhereNetworkTrainStepOnWindowsEnds() {
        for (Dims d : KINDS) {
            for (boolean unit : new boolean[] {false, true}) {
                Params start = Params.initialise(d, 11);
                if (unit) {
                    Network normalised = new Network(start, K);
                    normalised.trainStepOnWindows(call(d).idxs(), 4, call(d).labels(), call(d).sentenceLabel(),
                            Objective.PER_WORD, 0f); // lr 0: only normalize(), every row
                }
                String what = d.arch() + " ni=" + d.ni() + (unit ? " unit rows" : " fresh rows");
                Network traced = new Network(start.copy(), K);
                traced.markEmbeddingsNormalized(); // as trace does: the step itself sees whether rows are unit
                Step s = Step.run(traced, call(d), 0.1f);
                Network library = new Network(start.copy(), K);
                if (unit) {
                    library.markEmbeddingsNormalized();
                }
                double loss = library.trainStepOnWindows(call(d).idxs(), 4, call(d).labels(), call(d).sentenceLabel(),
                        Objective.PER_WORD, 0.1f);
                assertThat(s.loss).as(what).isCloseTo(loss, within(1e-6));
                assertThat(s.rowsNotUnit).as(what).isEqualTo(unit ? 0 : d.ne() + 1);
                for (String name : Params.names(d)) {
                    assertThat(s.before.byName(name)).as(what + " " + name + " before").isEqualTo(start.byName(name));
                    float[] a = s.after.byName(name);
                    float[] b = library.params.byName(name);
                    for (int i = 0; i < a.length; i++) {
                        assertThat((double) a[i]).as(what + " " + name + "[" + i + "]").isCloseTo(b[i], within(1e-6));
                    }
                }
                double after = new Network(library.params, K).lossAndGradientsOfWindows(call(d).idxs(), 4,
                        call(d).labels(), call(d).sentenceLabel(), Objective.PER_WORD);
                assertThat(s.lossAfter).as(what).isCloseTo(after, within(1e-6)).isNotEqualTo(s.loss);
            }
        }
    }

    /** words 1 3 2 0, labels 0 2 1 0, intent 1 with an intent head.   idxs [4, cs] */
    static Call call(Dims d) {
        int[] idxs = new int[4 * d.cs()];
        ContextWindows.contextWindow(new int[] {1, 3, 2, 0}, 4, d.cs(), idxs);
        return new Call(idxs, 4, null, new int[] {0, 2, 1, 0}, false, d.hasIntentHead() ? 1 : -1, Objective.PER_WORD);
    }
}
