package org.rnnslu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.rnnslu.data.LabelSet;
import org.rnnslu.data.Preprocessing;
import org.rnnslu.data.Vocabulary;
import org.rnnslu.kernels.KernelProvider;
import org.rnnslu.kernels.Kernels;
import org.rnnslu.model.Dims;
import org.rnnslu.model.Params;
import org.rnnslu.model.Task;

/**
 * One Tagger shared by 8 threads, each tagging 10,000 short sentences at once, gives exactly what
 * single-threaded tagging gives, for the scalar and the vector kernels. Also: the Tagger never
 * hands out or keeps a reference to mutable parameters someone else holds.
 */
class TaggerConcurrencyTest {

    static final int THREADS = 8;
    static final int PER_THREAD = 10_000;
    static final Dims DIMS = new Dims(40, 16, 3, 32, 9);

    static final List<String> WORDS = words();
    static final List<String> LABELS = List.of("B-a", "B-b", "B-c", "I-a", "I-b", "I-c", "O", "B-d", "I-d");

    static List<String> words() {
        List<String> w = new ArrayList<>();
        w.add(Vocabulary.UNK);
        for (int i = 1; i < DIMS.ne(); i++) {
            w.add("w" + (char) ('a' + i / 26) + (char) ('a' + i % 26)); // no digits: they would read as DIGIT
        }
        return w;
    }

    static Tagger tagger(Kernels kernels, long seed) {
        Params p = Params.initialise(DIMS, seed);
        // non-zero biases and h0, larger weights: more distinct predictions to compare
        SplittableRandom rng = new SplittableRandom(seed + 1);
        for (float[] a : new float[][] {p.bh, p.b, p.h0}) {
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) (0.1 * rng.nextGaussian());
            }
        }
        for (float[] a : new float[][] {p.embeddings, p.wx, p.w}) {
            for (int i = 0; i < a.length; i++) {
                a[i] *= 5;
            }
        }
        return new Tagger(p, Vocabulary.of(WORDS, Preprocessing.DEFAULT), LabelSet.of(LABELS), Task.SLOTS, kernels);
    }

    /** Sentences of 1 to 8 words, including unknown words and digits (UNK). */
    static String[][] sentences(long seed, int n) {
        SplittableRandom rng = new SplittableRandom(seed);
        String[][] out = new String[n][];
        for (int i = 0; i < n; i++) {
            String[] s = new String[rng.nextInt(1, 9)];
            for (int j = 0; j < s.length; j++) {
                int r = rng.nextInt(DIMS.ne() + 3);
                s[j] = r < DIMS.ne() ? WORDS.get(r) : r == DIMS.ne() ? "unknown" + j : "1984";
            }
            out[i] = s;
        }
        return out;
    }

    @Test
    void scalarKernels() throws Exception {
        check(KernelProvider.byName("scalar"));
    }

    @Test
    void vectorKernels() throws Exception {
        Assumptions.assumeTrue(KernelProvider.vectorAvailable(), "jdk.incubator.vector not readable");
        check(KernelProvider.byName("vector"));
    }

    private void check(Kernels kernels) throws Exception {
        Tagger tagger = tagger(kernels, 17);
        String[][][] input = new String[THREADS][][];
        String[][][] expected = new String[THREADS][PER_THREAD][];
        float[][][] expectedP = new float[THREADS][][];
        // single-threaded reference, on a fresh Tagger so that no workspace is shared with the run below
        Tagger reference = tagger(kernels, 17);
        for (int t = 0; t < THREADS; t++) {
            input[t] = sentences(1000 + t, PER_THREAD);
            for (int i = 0; i < PER_THREAD; i++) {
                expected[t][i] = reference.tag(input[t][i]);
            }
            expectedP[t] = reference.probabilities(input[t][0]);
        }
        assertThat(Arrays.stream(expected[0]).map(Arrays::toString).distinct().count())
                .as("the model's outputs vary with the sentence, so a mix-up would show").isGreaterThan(500);

        CyclicBarrier start = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                Callable<String> job = () -> {
                    start.await();
                    for (int i = 0; i < PER_THREAD; i++) {
                        String[] got = tagger.tag(input[thread][i]);
                        if (!Arrays.equals(got, expected[thread][i])) {
                            return "thread " + thread + " sentence " + i + " " + Arrays.toString(input[thread][i])
                                    + ": " + Arrays.toString(got) + " instead of " + Arrays.toString(expected[thread][i]);
                        }
                        if (i % 1000 == 0) {
                            float[][] p = tagger.probabilities(input[thread][0]);
                            if (!Arrays.deepEquals(p, expectedP[thread])) {
                                return "thread " + thread + ": probabilities differ at " + i;
                            }
                        }
                    }
                    return null;
                };
                results.add(pool.submit(job));
            }
            assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
                for (Future<String> f : results) {
                    assertThat(f.get()).isNull();
                }
            });
        } finally {
            pool.shutdownNow();
        }
        System.out.println("TaggerConcurrencyTest: " + kernels.name() + " kernels, " + THREADS + " threads x "
                + PER_THREAD + " sentences, identical to single-threaded tagging");
    }

    @Test
    void theTaggerKeepsItsOwnParameters() {
        Params p = Params.initialise(DIMS, 3);
        Tagger tagger = new Tagger(p, Vocabulary.of(WORDS, Preprocessing.DEFAULT), LabelSet.of(LABELS), Task.SLOTS,
                KernelProvider.byName("scalar"));
        String[] sentence = {WORDS.get(1), WORDS.get(2), WORDS.get(3), "1984"};
        String[] before = tagger.tag(sentence);
        float[][] probsBefore = tagger.probabilities(sentence);

        // the caller's Params, written after construction, does not reach the tagger
        Arrays.fill(p.w, 0f);
        Arrays.fill(p.b, 0f);
        p.b[0] = 100f;
        assertThat(tagger.tag(sentence)).containsExactly(before);

        // params() is a copy: writing it changes nothing either
        Params copy = tagger.params();
        assertThat(copy).isNotSameAs(tagger.params());
        assertThat(copy.w).isNotSameAs(tagger.params().w);
        Arrays.fill(copy.w, 0f);
        Arrays.fill(copy.b, 0f);
        copy.b[0] = 100f;
        assertThat(tagger.tag(sentence)).containsExactly(before);
        assertThat(tagger.probabilities(sentence)).isDeepEqualTo(probsBefore);

        // probabilities() returns a fresh array each time
        float[][] p1 = tagger.probabilities(sentence);
        p1[0][0] = 42f;
        assertThat(tagger.probabilities(sentence)).isDeepEqualTo(probsBefore);
    }
}
