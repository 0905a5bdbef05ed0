package org.rnnslu.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnnslu.model.Dims;
import org.rnnslu.model.Network;
import org.rnnslu.model.Objective;
import org.rnnslu.model.Params;

/** ParallelKernels must give exactly the bits of its base kernels, whatever it cuts. */
class ParallelKernelsTest {

    static List<Kernels> bases() {
        List<Kernels> list = new ArrayList<>();
        list.add(ScalarKernels.INSTANCE);
        if (KernelProvider.vectorAvailable()) {
            list.add(KernelProvider.byName("vector"));
        }
        return list;
    }

    /** {n, k, m}: the tutorial's products at batch 1 and in packs, odd sizes, and ones too small to cut. */
    static final int[][] SHAPES = {{11, 350, 200}, {11, 200, 127}, {11, 200, 200}, {1, 200, 200}, {1, 350, 200},
        {7, 350, 120}, {13, 200, 200}, {180, 350, 200}, {5, 37, 211}, {4, 1000, 17}, {3, 5, 7}, {1, 9, 9},
        {2, 300, 300}, {1, 200, 15}, {1, 15, 200}, {6, 129, 65}};

    @Test
    void everyProductGivesTheBaseKernelsBits() {
        for (Kernels base : bases()) {
            try (ParallelKernels par = new ParallelKernels(base)) {
                SplittableRandom rnd = new SplittableRandom(7);
                for (int[] s : SHAPES) {
                    int n = s[0], k = s[1], m = s[2];
                    String shape = base.name() + " " + n + "x" + k + "x" + m;
                    float[] a = random(rnd, n * k + 3), b = random(rnd, k * m + 5), c0 = random(rnd, n * m + 2);
                    float[] c1 = c0.clone();
                    base.matmulAdd(a, 3, b, 5, c0, 2, n, k, m);
                    par.matmulAdd(a, 3, b, 5, c1, 2, n, k, m);
                    assertThat(c1).as("matmulAdd " + shape).containsExactly(c0);

                    float[] ta = random(rnd, n * k + 1), tb = random(rnd, n * m + 4), tc0 = random(rnd, k * m + 3);
                    float[] tc1 = tc0.clone();
                    base.matmulTransAAdd(ta, 1, tb, 4, tc0, 3, n, k, m);
                    par.matmulTransAAdd(ta, 1, tb, 4, tc1, 3, n, k, m);
                    assertThat(tc1).as("matmulTransAAdd " + shape).containsExactly(tc0);

                    float[] ba = random(rnd, n * m + 2), bb = random(rnd, k * m + 1), bc0 = new float[n * k + 6];
                    float[] bc1 = new float[n * k + 6];
                    base.matmulTransB(ba, 2, bb, 1, bc0, 6, n, m, k);
                    par.matmulTransB(ba, 2, bb, 1, bc1, 6, n, m, k);
                    assertThat(bc1).as("matmulTransB " + shape).containsExactly(bc0);

                    float[] x = random(rnd, k + 1), w = random(rnd, k * m + 2), y0 = random(rnd, m + 3);
                    float[] y1 = y0.clone();
                    base.vecMatAdd(x, 1, w, 2, y0, 3, k, m);
                    par.vecMatAdd(x, 1, w, 2, y1, 3, k, m);
                    assertThat(y1).as("vecMatAdd " + shape).containsExactly(y0);

                    float[] v = random(rnd, m + 1), z0 = new float[k + 2], z1 = new float[k + 2];
                    base.matVec(w, 2, v, 1, z0, 2, k, m);
                    par.matVec(w, 2, v, 1, z1, 2, k, m);
                    assertThat(z1).as("matVec " + shape).containsExactly(z0);
                }
            }
        }
    }

    @Test
    void trainingOnTwoThreadsEndsOnTheSameBitsAsOnOne() {
        Dims d = new Dims(300, 50, 7, 200, 120);
        SplittableRandom rnd = new SplittableRandom(3);
        int[][] words = new int[40][];
        int[][] labels = new int[40][];
        for (int s = 0; s < words.length; s++) {
            int n = 1 + rnd.nextInt(25);
            words[s] = new int[n];
            labels[s] = new int[n];
            for (int t = 0; t < n; t++) {
                words[s][t] = rnd.nextInt(d.ne());
                labels[s][t] = rnd.nextInt(d.nc());
            }
        }
        for (Kernels base : bases()) {
            Params one = Params.initialise(d, 345);
            Params two = one.copy();
            Network single = new Network(one, base);
            try (ParallelKernels par = new ParallelKernels(base)) {
                Network parallel = new Network(two, par);
                for (int s = 0; s < words.length; s++) {
                    double l1 = single.trainStep(words[s], labels[s], -1, words[s].length, Objective.PER_WORD, 0.1f);
                    double l2 = parallel.trainStep(words[s], labels[s], -1, words[s].length, Objective.PER_WORD, 0.1f);
                    assertThat(l2).as("loss of sentence %d, %s", s, base.name()).isEqualTo(l1);
                }
            }
            for (String name : Params.NAMES) {
                assertThat(two.byName(name)).as(name + ", " + base.name()).containsExactly(one.byName(name));
            }
            assertThat(one.wx).isNotEqualTo(Params.initialise(d, 345).wx);
        }
    }

    @Test
    void whatTheHelperThrowsReachesTheCaller() {
        try (ParallelKernels par = new ParallelKernels(ScalarKernels.INSTANCE)) {
            float[] a = new float[11 * 350];
            float[] b = new float[350 * 200];
            float[] c = new float[11 * 200 - 1]; // the helper's rows run past the end
            assertThatThrownBy(() -> par.matmulAdd(a, 0, b, 0, c, 0, 11, 350, 200))
                    .isInstanceOf(ArrayIndexOutOfBoundsException.class);
            float[] ok = new float[11 * 200];
            par.matmulAdd(a, 0, b, 0, ok, 0, 11, 350, 200); // and it keeps working
        }
    }

    private static float[] random(SplittableRandom rnd, int len) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return x;
    }
}
