package org.rnnslu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnslu.io.InputException;
import org.rnnslu.data.LabelSet;
import org.rnnslu.data.Preprocessing;
import org.rnnslu.data.Vocabulary;
import org.rnnslu.inference.Decoding;
import org.rnnslu.inference.Iob;
import org.rnnslu.store.ModelFolder;
import org.rnnslu.kernels.ScalarKernels;
import org.rnnslu.model.Dims;
import org.rnnslu.model.Params;
import org.rnnslu.model.Task;

/**
 * The Tagger's --decode: on an untrained network (random weights, so argmax emits invalid IOB often)
 * Viterbi tags, analyses and n-best lists equal enumerating every label sequence over the Tagger's
 * own probabilities.
 */
class TaggerDecodingTest {

    static final List<String> WORDS = List.of("<UNK>", "to", "from", "boston", "new", "york", "DIGIT", "flights");
    static final Vocabulary VOCAB = Vocabulary.of(WORDS, Preprocessing.DEFAULT);
    static final LabelSet LABELS = LabelSet.of(List.of("B-city", "B-date", "I-city", "I-date", "O"));

    @TempDir
    Path tmp;

    private static Tagger tagger(Decoding d) {
        Params p = Params.initialise(new Dims(WORDS.size(), 4, 3, 6, LABELS.size()), 11);
        p.b[2] += 1.5f; // favour I-city, so that argmax starts chunks with it
        return new Tagger(p, VOCAB, LABELS, null, Task.SLOTS, ScalarKernels.INSTANCE,
                org.rnnslu.text.Tokenizer.DEFAULT, d);
    }

    /** A sequence and Σ_t log p_t[y_t]. */
    private record Scored(String[] labels, double logP) {}

    @Test
    void viterbiTagsAreTheBestValidSequenceAndArgmaxIsNot() {
        Tagger argmax = tagger(Decoding.ARGMAX);
        Tagger viterbi = argmax.withDecoding(Decoding.VITERBI);
        assertThat(viterbi.decoding()).isEqualTo(Decoding.VITERBI);
        assertThat(argmax.decoding()).isEqualTo(Decoding.ARGMAX);
        SplittableRandom rnd = new SplittableRandom(1);
        int invalidArgmax = 0;
        List<String[]> sentences = new ArrayList<>();
        for (int trial = 0; trial < 200; trial++) {
            String[] words = sentence(rnd);
            sentences.add(words);
            float[][] p = argmax.probabilities(words);
            List<Scored> valid = enumerate(p, true);
            String[] tagged = viterbi.tag(words);
            assertThat(tagged).as("trial %d", trial).containsExactly(valid.get(0).labels());
            assertThat(Iob.isValid(tagged)).isTrue();
            assertThat(argmax.tag(words)).containsExactly(enumerate(p, false).get(0).labels());
            invalidArgmax += Iob.isValid(argmax.tag(words)) ? 0 : 1;
            Analysis a = viterbi.analyze(words);
            assertThat(a.labels()).containsExactly(tagged);
            for (Analysis.Slot s : a.slots()) {
                double product = 1;
                for (int t = s.start(); t < s.end(); t++) {
                    product *= p[t][LABELS.indexOf(tagged[t])];
                }
                assertThat(s.score()).isEqualTo(product);
            }
            for (int t = 0; t < words.length; t++) {
                assertThat(a.words().get(t).probability()).isEqualTo((double) p[t][LABELS.indexOf(tagged[t])]);
            }
        }
        assertThat(invalidArgmax).as("the test needs argmax to emit invalid sequences").isGreaterThan(20);
        List<String[]> all = viterbi.tagAll(sentences);
        for (int i = 0; i < sentences.size(); i++) {
            assertThat(all.get(i)).containsExactly(viterbi.tag(sentences.get(i)));
        }
    }

    @Test
    void nBestEqualsEnumerationWithAndWithoutTheConstraint() {
        for (Decoding d : Decoding.values()) {
            Tagger tagger = tagger(d);
            SplittableRandom rnd = new SplittableRandom(2);
            for (int trial = 0; trial < 60; trial++) {
                String[] words = sentence(rnd);
                List<Scored> expected = enumerate(tagger.probabilities(words), d == Decoding.VITERBI);
                int k = 1 + rnd.nextInt(8);
                List<Tagger.Labelling> got = tagger.nBest(words, k);
                assertThat(got).hasSize(Math.min(k, expected.size()));
                for (int r = 0; r < got.size(); r++) {
                    assertThat(got.get(r).labels()).as("%s trial %d rank %d", d, trial, r)
                            .containsExactly(expected.get(r).labels());
                    assertThat(got.get(r).logProbability()).isCloseTo(expected.get(r).logP(),
                            org.assertj.core.data.Offset.offset(1e-9));
                }
                assertThat(got.get(0).labels()).containsExactly(tagger.tag(words));
            }
        }
    }

    @Test
    void theModelFolderRecordsDecodeAndOlderFoldersReadAsArgmax() throws Exception {
        Tagger t = tagger(Decoding.ARGMAX);
        Path plain = tmp.resolve("plain");
        Path viterbi = tmp.resolve("viterbi");
        ModelFolder.save(plain, new ModelFolder.Contents(t.params(), VOCAB, LABELS, null, Task.SLOTS, null));
        ModelFolder.save(viterbi, new ModelFolder.Contents(t.params(), VOCAB, LABELS, null, Task.SLOTS, null, Decoding.VITERBI));
        assertThat(Files.readString(plain.resolve("model.txt"))).doesNotContain("decode");
        assertThat(Files.readString(viterbi.resolve("model.txt"))).contains("decode=viterbi\n");
        assertThat(Tagger.load(plain, ScalarKernels.INSTANCE).decoding()).isEqualTo(Decoding.ARGMAX);
        assertThat(Tagger.load(viterbi, ScalarKernels.INSTANCE).decoding()).isEqualTo(Decoding.VITERBI);

        Path bad = tmp.resolve("bad");
        ModelFolder.save(bad, new ModelFolder.Contents(t.params(), VOCAB, LABELS, null, Task.SLOTS, null));
        Path hyper = bad.resolve("model.txt");
        Files.writeString(hyper, Files.readString(hyper) + "decode=beam\n");
        Files.delete(bad.resolve(ModelFolder.MANIFEST)); // the edit would not match the manifest
        assertThatThrownBy(() -> ModelFolder.load(bad)).isInstanceOf(InputException.class)
                .hasMessageContaining("decode=beam: expected argmax or viterbi");
    }

    private static String[] sentence(SplittableRandom rnd) {
        String[] w = new String[1 + rnd.nextInt(5)];
        for (int i = 0; i < w.length; i++) {
            w[i] = WORDS.get(1 + rnd.nextInt(WORDS.size() - 1)).toLowerCase(java.util.Locale.ROOT);
        }
        return w;
    }

    /** Every labelling (valid IOB only, if asked), by Σ_t log p_t descending. */
    private static List<Scored> enumerate(float[][] p, boolean validOnly) {
        int n = p.length;
        int nc = LABELS.size();
        List<Scored> out = new ArrayList<>();
        for (int code = 0; code < Math.pow(nc, n); code++) {
            String[] y = new String[n];
            double s = 0;
            for (int t = n - 1, c = code; t >= 0; t--, c /= nc) {
                y[t] = LABELS.label(c % nc);
            }
            for (int t = 0; t < n; t++) {
                s += Math.log(p[t][LABELS.indexOf(y[t])]);
            }
            if (!validOnly || Iob.isValid(y)) {
                out.add(new Scored(y, s));
            }
        }
        out.sort(Comparator.comparingDouble(Scored::logP).reversed());
        return out;
    }

    @Test
    void enumerationHelperSanity() {
        float[][] p = {{0.1f, 0.1f, 0.6f, 0.1f, 0.1f}};
        assertThat(enumerate(p, false).get(0).labels()).containsExactly("I-city");
        assertThat(enumerate(p, true).get(0).labels()).isNotEqualTo(new String[] {"I-city"});
        assertThat(Arrays.asList(enumerate(p, true).get(0).labels())).doesNotContain("I-city");
    }
}
