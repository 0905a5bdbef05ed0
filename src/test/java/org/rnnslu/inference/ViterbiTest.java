package org.rnnslu.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Viterbi} against enumerating every label sequence, and the IOB constraint on random scores. */
class ViterbiTest {

    private static final float NEG = Float.NEGATIVE_INFINITY;

    /** A scored sequence of the brute-force enumeration. */
    private record Scored(int[] labels, double score) {}

    @Test
    void bestAndKBestEqualBruteForceOnEverySmallCase() {
        SplittableRandom rnd = new SplittableRandom(42);
        Viterbi.Workspace ws = new Viterbi.Workspace();
        for (int trial = 0; trial < 400; trial++) {
            int nc = 4 + rnd.nextInt(2);
            int n = 1 + rnd.nextInt(5);
            Transitions tr = randomTransitions(nc, rnd, 0.3);
            double[] e = randomEmissions(n, nc, rnd);
            List<Scored> all = enumerate(e, n, tr);
            int k = 1 + rnd.nextInt(12);
            int[] paths = new int[k * n];
            double[] scores = new double[k];
            int found = Viterbi.kBest(e, n, tr, k, ws, paths, scores);
            assertThat(found).as("trial %d: sequences found", trial).isEqualTo(Math.min(k, all.size()));
            for (int r = 0; r < found; r++) {
                assertThat(scores[r]).as("trial %d rank %d", trial, r).isEqualTo(all.get(r).score());
                assertThat(Arrays.copyOfRange(paths, r * n, r * n + n)).as("trial %d rank %d", trial, r)
                        .containsExactly(all.get(r).labels());
            }
            if (all.isEmpty()) {
                assertThatThrownBy(() -> Viterbi.best(e, n, tr, ws, new int[n]))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no label sequence");
            } else {
                int[] path = new int[n];
                assertThat(Viterbi.best(e, n, tr, ws, path)).isEqualTo(all.get(0).score());
                assertThat(path).containsExactly(all.get(0).labels());
            }
        }
    }

    @Test
    void iobDecodingIsNeverInvalid() {
        List<String> labels = List.of("B-city", "B-date", "I-city", "I-date", "O", "B-time", "I-time");
        Transitions iob = Transitions.iob(labels);
        SplittableRandom rnd = new SplittableRandom(7);
        Viterbi.Workspace ws = new Viterbi.Workspace();
        int invalidArgmax = 0;
        for (int trial = 0; trial < 500; trial++) {
            int n = 1 + rnd.nextInt(30);
            double[] e = randomEmissions(n, labels.size(), rnd);
            int[] path = new int[n];
            Viterbi.best(e, n, iob, ws, path);
            assertThat(Iob.isValid(names(labels, path, 0, n))).as("trial %d", trial).isTrue();
            int[] paths = new int[5 * n];
            int found = Viterbi.kBest(e, n, iob, 5, ws, paths, new double[5]);
            for (int r = 0; r < found; r++) {
                assertThat(Iob.isValid(names(labels, paths, r * n, n))).as("trial %d rank %d", trial, r).isTrue();
            }
            Viterbi.best(e, n, Transitions.none(labels.size()), ws, path);
            invalidArgmax += Iob.isValid(names(labels, path, 0, n)) ? 0 : 1;
        }
        assertThat(invalidArgmax).as("the unconstrained argmax does emit invalid sequences here").isGreaterThan(100);
    }

    @Test
    void zeroTransitionsGiveThePerWordArgmaxWithLowerIndexOnTies() {
        SplittableRandom rnd = new SplittableRandom(3);
        Viterbi.Workspace ws = new Viterbi.Workspace();
        for (int trial = 0; trial < 300; trial++) {
            int nc = 2 + rnd.nextInt(20);
            int n = 1 + rnd.nextInt(25);
            double[] e = new double[n * nc];
            for (int c = 0; c < e.length; c++) {
                e[c] = -rnd.nextInt(4); // few values: many ties
            }
            int[] path = new int[n];
            Viterbi.best(e, n, Transitions.none(nc), ws, path);
            int[] kpath = new int[n];
            Viterbi.kBest(e, n, Transitions.none(nc), 1, ws, kpath, new double[1]);
            for (int t = 0; t < n; t++) {
                int argmax = 0;
                for (int c = 1; c < nc; c++) {
                    argmax = e[t * nc + c] > e[t * nc + argmax] ? c : argmax;
                }
                assertThat(path[t]).as("trial %d word %d", trial, t).isEqualTo(argmax);
                assertThat(kpath[t]).as("trial %d word %d (k-best)", trial, t).isEqualTo(argmax);
            }
        }
    }

    @Test
    void iobTransitionsForbidExactlyTheInvalidSteps() {
        List<String> labels = List.of("B-a", "I-a", "O", "I-b", "B-b");
        Transitions t = Transitions.iob(labels);
        assertThat(t.start(1)).isEqualTo(NEG);
        assertThat(t.start(3)).isEqualTo(NEG);
        assertThat(t.start(0)).isZero();
        assertThat(t.score(0, 1)).isZero();   // B-a I-a
        assertThat(t.score(1, 1)).isZero();   // I-a I-a
        assertThat(t.score(2, 1)).isEqualTo(NEG); // O I-a
        assertThat(t.score(4, 1)).isEqualTo(NEG); // B-b I-a
        assertThat(t.score(3, 0)).isZero();   // I-b B-a
        assertThat(t.end(1)).isZero();
        assertThat(Transitions.iob(List.of("O", "B-a", "E-a")).isNone()).as("another scheme").isTrue();
        assertThat(Transitions.iob(List.of("I-a", "I-b")).isNone()).as("nothing could start").isTrue();
        assertThat(Transitions.iob(List.of("O", "flight")).isNone()).isTrue();
        assertThat(Transitions.iob(labels).isNone()).isFalse();
    }

    @Test
    void isValidFollowsTheIobRules() {
        assertThat(Iob.isValid(new String[] {"O", "B-a", "I-a", "I-a", "O"})).isTrue();
        assertThat(Iob.isValid(new String[] {"I-a"})).isFalse();
        assertThat(Iob.isValid(new String[] {"O", "I-a"})).isFalse();
        assertThat(Iob.isValid(new String[] {"B-b", "I-a"})).isFalse();
        assertThat(Iob.isValid(new String[] {"B-a", "B-b", "I-b"})).isTrue();
        assertThat(Iob.isValid(new String[] {})).isTrue();
    }

    @Test
    void aCallAllocatesNothingOnceTheWorkspaceHasGrown() {
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(mx.isThreadAllocatedMemorySupported());
        List<String> labels = new ArrayList<>();
        labels.add("O");
        for (int c = 0; c < 60; c++) {
            labels.add("B-t" + c);
            labels.add("I-t" + c);
        }
        Transitions iob = Transitions.iob(labels);
        int nc = labels.size();
        int n = 20;
        SplittableRandom rnd = new SplittableRandom(5);
        double[] e = randomEmissions(n, nc, rnd);
        Viterbi.Workspace ws = new Viterbi.Workspace();
        int[] path = new int[n];
        int[] paths = new int[5 * n];
        double[] scores = new double[5];
        long perCall = Long.MAX_VALUE;
        for (int round = 0; round < 200 && perCall > 0; round++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 50; i++) {
                Viterbi.best(e, n, iob, ws, path);
                Viterbi.kBest(e, n, iob, 5, ws, paths, scores);
            }
            perCall = (mx.getCurrentThreadAllocatedBytes() - before) / 100;
        }
        assertThat(perCall).isZero();
    }

    @Test
    void nanAndBadShapesAreRefused() {
        Viterbi.Workspace ws = new Viterbi.Workspace();
        double[] e = {0, Double.NaN, 0, 0};
        assertThatThrownBy(() -> Viterbi.best(e, 2, Transitions.none(2), ws, new int[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN at word 0, label 1");
        assertThatThrownBy(() -> Viterbi.best(new double[3], 2, Transitions.none(2), ws, new int[2]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Transitions(3, new float[9], new float[2], new float[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[3, 3]");
    }

    /** Every sequence with a finite score, best first (stable: enumeration order on ties). */
    private static List<Scored> enumerate(double[] e, int n, Transitions tr) {
        int nc = tr.labels();
        List<Scored> out = new ArrayList<>();
        int[] y = new int[n];
        int total = (int) Math.pow(nc, n);
        for (int code = 0; code < total; code++) {
            int c = code;
            for (int t = n - 1; t >= 0; t--) {
                y[t] = c % nc;
                c /= nc;
            }
            double s = tr.start(y[0]) + e[y[0]];
            for (int t = 1; t < n; t++) {
                s = s + tr.score(y[t - 1], y[t]) + e[t * nc + y[t]];
            }
            s += tr.end(y[n - 1]);
            if (s != Double.NEGATIVE_INFINITY) {
                out.add(new Scored(y.clone(), s));
            }
        }
        out.sort(Comparator.comparingDouble(Scored::score).reversed());
        return out;
    }

    private static Transitions randomTransitions(int nc, SplittableRandom rnd, double forbidden) {
        float[] m = new float[nc * nc];
        float[] start = new float[nc];
        float[] end = new float[nc];
        for (float[] v : new float[][] {m, start, end}) {
            for (int i = 0; i < v.length; i++) {
                v[i] = rnd.nextDouble() < forbidden ? NEG : (float) rnd.nextGaussian();
            }
        }
        return new Transitions(nc, m, start, end);
    }

    /** Log-softmax rows of random logits. */
    private static double[] randomEmissions(int n, int nc, SplittableRandom rnd) {
        double[] e = new double[n * nc];
        for (int t = 0; t < n; t++) {
            double sum = 0;
            for (int c = 0; c < nc; c++) {
                e[t * nc + c] = 3 * rnd.nextGaussian();
                sum += Math.exp(e[t * nc + c]);
            }
            double log = Math.log(sum);
            for (int c = 0; c < nc; c++) {
                e[t * nc + c] -= log;
            }
        }
        return e;
    }

    private static String[] names(List<String> labels, int[] path, int off, int n) {
        String[] out = new String[n];
        for (int t = 0; t < n; t++) {
            out[t] = labels.get(path[off + t]);
        }
        return out;
    }
}
