package org.rnnslu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnnslu.data.LabelSet;
import org.rnnslu.data.Preprocessing;
import org.rnnslu.data.Vocabulary;
import org.rnnslu.kernels.KernelProvider;
import org.rnnslu.kernels.ScalarKernels;
import org.rnnslu.model.Dims;
import org.rnnslu.model.Params;
import org.rnnslu.model.Task;

/** Tagging many sentences as packs gives exactly the labels of tagging them one by one. */
class TaggerBatchTest {

    @Test
    void tagAllEqualsTagOneByOne() {
        List<String> words = new ArrayList<>(List.of("<UNK>"));
        for (int i = 0; i < 30; i++) {
            words.add("w" + (char) ('a' + i % 26) + (char) ('a' + i / 26));
        }
        List<String> labelNames = List.of("B-a", "B-b", "I-a", "I-b", "O");
        Dims d = new Dims(words.size(), 8, 3, 16, labelNames.size());
        Params p = Params.initialise(d, 5);
        for (float[] m : new float[][] {p.wx, p.wh, p.w}) {
            for (int i = 0; i < m.length; i++) {
                m[i] *= 10;
            }
        }
        for (var k : KernelProvider.vectorAvailable()
                ? List.of(ScalarKernels.INSTANCE, KernelProvider.byName("vector")) : List.of(ScalarKernels.INSTANCE)) {
            Tagger tagger = new Tagger(p, Vocabulary.of(words, Preprocessing.DEFAULT), LabelSet.of(labelNames), Task.SLOTS, k);
            SplittableRandom rng = new SplittableRandom(9);
            List<String[]> sentences = new ArrayList<>();
            for (int s = 0; s < 100; s++) {
                String[] sentence = new String[s % 17 == 0 ? 0 : 1 + rng.nextInt(12)];
                for (int t = 0; t < sentence.length; t++) {
                    sentence[t] = words.get(1 + rng.nextInt(words.size() - 1));
                }
                sentences.add(sentence);
            }
            List<String[]> all = tagger.tagAll(sentences);
            assertThat(all).hasSize(sentences.size());
            for (int s = 0; s < sentences.size(); s++) {
                assertThat(all.get(s)).as("sentence %d with %s", s, k.name()).containsExactly(tagger.tag(sentences.get(s)));
            }
        }
    }
}
