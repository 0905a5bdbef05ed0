package org.rnnslu.cli.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.rnnslu.data.ContextWindows;
import org.rnnslu.kernels.ScalarKernels;
import org.rnnslu.model.Network;
import org.rnnslu.model.Objective;
import org.rnnslu.model.Params;
import org.rnnslu.store.ModelFolder;

/** The trace's steps are the library's training: they leave the network where its own trainer does. */
class TraceTest {

    static final String TINY = Path.of("data", "tiny-model").toString();

    /** --bptt replays is13's loop: the traced calls end at the parameters Network.trainBpttSentence reaches. */
    @Test
    void bpttTracesIs13sCallsAndEndsWhereTheIs13TrainerEnds() throws IOException {
        ModelFolder.Contents tiny = ModelFolder.load(Path.of(TINY));
        Params start = tiny.params().copy();
        int de = start.dims.de();
        for (int r = 0; r <= start.dims.ne(); r++) {
            ScalarKernels.INSTANCE.normalize(start.embeddings, r * de, de); // every row unit length, as after training
        }
        ModelFolder.Contents model = new ModelFolder.Contents(start, tiny.vocabulary(), tiny.labels(), tiny.task());
        int[] words = tiny.vocabulary().encode(new String[] {"to", "boston", "from", "boston"});
        int[] labels = {0, 2, 0, 1};
        int n = words.length, bs = 3, cs = start.dims.cs();
        int[] idxs = new int[n * cs];
        ContextWindows.contextWindow(words, n, cs, idxs);
        for (Objective objective : new Objective[] {Objective.LAST_STEP, Objective.ALL_STEPS}) {
            Network traced = new Network(start.copy(), ScalarKernels.INSTANCE);
            traced.markEmbeddingsNormalized();
            Report quiet = new Report(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false, false);
            Trace.bptt(quiet, new Names(model), traced, new Call(idxs, n, null, labels, false, labels[n - 1], objective), bs,
                    0.1f);
            Network is13 = new Network(start.copy(), ScalarKernels.INSTANCE);
            is13.markEmbeddingsNormalized();
            is13.trainBpttSentence(words, labels, n, bs, objective, 0.1f);
            for (String name : Params.names(start.dims)) {
                float[] a = traced.params.byName(name), b = is13.params.byName(name);
                assertThat(a).as(objective + " " + name).isNotEqualTo(start.byName(name));
                for (int i = 0; i < a.length; i++) {
                    assertThat((double) a[i]).as(objective + " " + name + "[" + i + "]").isCloseTo(b[i], within(1e-5));
                }
            }
        }
    }
}
