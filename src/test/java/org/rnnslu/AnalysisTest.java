package org.rnnslu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnnslu.data.LabelSet;
import org.rnnslu.data.Preprocessing;
import org.rnnslu.data.Vocabulary;
import org.rnnslu.kernels.ScalarKernels;
import org.rnnslu.model.Dims;
import org.rnnslu.model.Params;
import org.rnnslu.model.Pooling;
import org.rnnslu.model.Task;

/** Tagger.analyze: the labels tag() and classify() give, with the probabilities behind them. */
class AnalysisTest {

    private static final List<String> WORDS = words();
    private static final List<String> LABELS = List.of("B-a", "B-b", "I-a", "I-b", "O");
    private static final List<String> INTENTS = List.of("atis_flight", "atis_airfare", "atis_airline");

    private static List<String> words() {
        List<String> w = new ArrayList<>(List.of("<UNK>"));
        for (int i = 0; i < 30; i++) {
            w.add("w" + (char) ('a' + i % 26) + (char) ('a' + i / 26));
        }
        return w;
    }

    /** A random model with weights large enough that the labels vary. */
    private static Tagger tagger(Task task, int ni, Pooling pool) {
        List<String> classes = task == Task.INTENT ? INTENTS : LABELS;
        Params p = Params.initialise(new Dims(WORDS.size(), 8, 3, 16, classes.size(), ni, pool), 5);
        for (float[] m : new float[][] {p.wx, p.wh, p.w, p.wi}) {
            for (int i = 0; i < m.length; i++) {
                m[i] *= 10;
            }
        }
        if (pool == Pooling.MEAN) { // an average of 1-12 softmaxes: sharpen them so the argmax still varies
            for (int i = 0; i < p.w.length; i++) {
                p.w[i] *= 20;
            }
        }
        SplittableRandom rng = new SplittableRandom(11);
        for (int i = 0; i < p.wi.length; i++) {
            p.wi[i] = (float) rng.nextDouble(-3, 3);
        }
        return new Tagger(p, Vocabulary.of(WORDS, Preprocessing.DEFAULT), LabelSet.of(classes),
                ni > 0 ? LabelSet.of(INTENTS) : null, task, ScalarKernels.INSTANCE);
    }

    private static List<String[]> sentences(int count) {
        SplittableRandom rng = new SplittableRandom(9);
        List<String[]> out = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            String[] sentence = new String[s % 17 == 0 ? 0 : 1 + rng.nextInt(12)];
            for (int t = 0; t < sentence.length; t++) {
                sentence[t] = WORDS.get(1 + rng.nextInt(WORDS.size() - 1));
            }
            out.add(sentence);
        }
        return out;
    }

    @Test
    void slotModelWordsCarryTheirSoftmaxAndTheLabelsOfTag() {
        Tagger tagger = tagger(Task.SLOTS, 0, Pooling.LAST);
        List<String[]> sentences = sentences(100);
        List<Analysis> all = tagger.analyzeAllWords(sentences, 3);
        int slots = 0;
        for (int s = 0; s < sentences.size(); s++) {
            String[] words = sentences.get(s);
            Analysis a = all.get(s);
            assertThat(a.labels()).as("sentence %d", s).containsExactly(tagger.tag(words));
            assertThat(a.intents()).isEmpty();
            assertThat(a.text()).isEqualTo(String.join(" ", words));
            if (words.length == 0) {
                assertThat(a.words()).isEmpty();
                continue;
            }
            float[][] p = tagger.probabilities(words);
            for (int t = 0; t < words.length; t++) {
                Analysis.Word w = a.words().get(t);
                assertThat(a.text().substring(w.start(), w.end())).isEqualTo(words[t]);
                assertThat(w.top()).hasSize(3);
                assertThat(w.top().get(0).label()).isEqualTo(w.label());
                assertThat(w.probability()).isEqualTo(w.top().get(0).probability());
                for (int k = 0; k < 3; k++) {
                    Analysis.Scored sc = w.top().get(k);
                    assertThat(sc.probability()).isCloseTo(p[t][tagger.labels().indexOf(sc.label())], within(1e-6));
                    if (k > 0) {
                        assertThat(sc.probability()).isLessThanOrEqualTo(w.top().get(k - 1).probability());
                    }
                }
                float max = 0;
                for (float x : p[t]) {
                    max = Math.max(max, x);
                }
                assertThat(w.probability()).isCloseTo(max, within(1e-6));
            }
            List<Tagger.Slot> expected = Tagger.slots(words, tagger.tag(words));
            assertThat(a.slots()).hasSize(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                Analysis.Slot got = a.slots().get(i);
                Tagger.Slot want = expected.get(i);
                assertThat(List.of(got.type(), got.start(), got.end(), got.text()))
                        .containsExactly(want.type(), want.start(), want.end(), want.text());
                double product = 1;
                for (int t = want.start(); t < want.end(); t++) {
                    product *= a.words().get(t).probability();
                }
                assertThat(got.score()).isEqualTo(product);
                assertThat(got.source()).isEqualTo(a.text().substring(got.charStart(), got.charEnd())).isEqualTo(want.text());
                slots++;
            }
        }
        assertThat(slots).as("the random model finds slots").isGreaterThan(50);
    }

    @Test
    void intentRankingIsTheHeadsOrTheWordSoftmaxAndItsArgmaxIsClassify() {
        Tagger[] models = {tagger(Task.JOINT, 3, Pooling.LAST), tagger(Task.JOINT, 3, Pooling.MAX),
                tagger(Task.INTENT, 0, Pooling.LAST), tagger(Task.INTENT, 0, Pooling.MEAN), tagger(Task.INTENT, 3, Pooling.MEAN)};
        for (Tagger tagger : models) {
            List<String[]> sentences = sentences(60);
            List<Analysis> all = tagger.analyzeAllWords(sentences, 2);
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (int s = 0; s < sentences.size(); s++) {
                Analysis a = all.get(s);
                if (sentences.get(s).length == 0) {
                    assertThat(a.intents()).isEmpty();
                    continue;
                }
                assertThat(a.intents()).hasSize(3);
                assertThat(a.intent()).as("%s sentence %d", tagger.params().dims, s).isEqualTo(tagger.classify(sentences.get(s)));
                seen.add(a.intent());
                double sum = 0;
                for (int k = 0; k < 3; k++) {
                    sum += a.intents().get(k).probability();
                    if (k > 0) {
                        assertThat(a.intents().get(k).probability()).isLessThanOrEqualTo(a.intents().get(k - 1).probability());
                    }
                }
                assertThat(sum).isCloseTo(1.0, within(1e-5));
                if (tagger.task() == Task.INTENT) {
                    assertThat(a.labels()).isEmpty();
                    assertThat(a.slots()).isEmpty();
                } else {
                    assertThat(a.labels()).containsExactly(tagger.tag(sentences.get(s)));
                }
            }
            assertThat(seen).as("the random model's intents vary: %s", tagger.params().dims).hasSizeGreaterThan(1);
        }
    }

    @Test
    void textGoesThroughTheTokenizerAndSlotsPointIntoIt() {
        Tagger tagger = tagger(Task.SLOTS, 0, Pooling.LAST);
        String text = "WAA, wBA-wCA N.Y. 5pm";
        Analysis a = tagger.analyze(text);
        assertThat(a.tokens()).containsExactly("waa", "wba", "wca", "new", "york", "5", "pm");
        assertThat(a.words().get(3).start()).isEqualTo(13);
        assertThat(a.words().get(4).end()).isEqualTo(17);
        for (Analysis.Slot s : a.slots()) {
            assertThat(s.charStart()).isEqualTo(a.words().get(s.start()).start());
            assertThat(s.charEnd()).isEqualTo(a.words().get(s.end() - 1).end());
            assertThat(s.source()).isEqualTo(text.substring(s.charStart(), s.charEnd()));
        }
        assertThat(a.labels()).containsExactly(tagger.tag(a.tokens().toArray(new String[0])));
        assertThat(tagger.analyze("  ").words()).isEmpty();
    }
}
