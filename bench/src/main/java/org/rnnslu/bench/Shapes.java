package org.rnnslu.bench;

import java.util.SplittableRandom;
import org.rnnslu.kernels.KernelProvider;
import org.rnnslu.kernels.Kernels;
import org.rnnslu.kernels.ScalarKernels;

/**
 * The shapes of the Theano RNNSLU tutorial's Elman network, and small helpers shared by the
 * benchmarks (a later TrainStepBenchmark can use them too).
 *
 * <p>Tutorial sizes: hidden units {@link #NH} = 200, embedding dimension 50 × context window 7 =
 * {@link #DE_CS} = 350 inputs per word, {@link #NC} = 127 ATIS labels, {@link #WORDS} = 11 words in a
 * typical sentence, and {@link #BATCH_WORDS} words when several sentences are stacked.
 */
public final class Shapes {

    public static final int NH = 200;
    public static final int DE_CS = 350;
    public static final int NC = 127;
    public static final int WORDS = 11;
    /** 64 sentences of ~10 words stacked into one [n, ·] matrix. */
    public static final int BATCH_WORDS = 640;

    private Shapes() {}

    public static Kernels scalar() {
        return ScalarKernels.INSTANCE;
    }

    /** The Panama kernels; fails loudly when the JVM lacks --add-modules jdk.incubator.vector. */
    public static Kernels vector() {
        return KernelProvider.byName("vector");
    }

    /** Seeded values in [-scale, scale). */
    public static float[] random(long seed, int len, float scale) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[len];
        for (int i = 0; i < len; i++) {
            x[i] = (float) ((rnd.nextDouble() * 2 - 1) * scale);
        }
        return x;
    }
}
