package org.rnnslu.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rnnslu.kernels.Kernels;
import org.rnnslu.model.Dims;
import org.rnnslu.model.Network;
import org.rnnslu.model.Objective;
import org.rnnslu.model.Params;
import org.rnnslu.inference.Predictor;

/**
 * Training and tagging throughput with mini-batches packed time-major, one thread, at the tutorial's
 * sizes: B sentences of 7 to 15 words (mean 11) per step. Scores are microseconds per step; divide by
 * {@link #wordsPerStep} (printed at setup) for µs per word. Tagging runs {@link Predictor} over 640
 * sentences (packs of 32).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class BatchBenchmark {

    @State(Scope.Thread)
    public static class Batch {
        @Param({"1", "16", "64"})
        public int batch;

        @Param({"vector"})
        public String kernels;

        Network net;
        int[][] words;
        int[][] labels;
        int[] order;
        int wordsPerStep;
        Predictor predictor;

        @Setup(Level.Trial)
        public void setUp() {
            Kernels k = kernels.equals("vector") ? Shapes.vector() : Shapes.scalar();
            Dims d = new Dims(572, 50, 7, Shapes.NH, Shapes.NC);
            Params p = Params.initialise(d, 345);
            net = new Network(p, k);
            predictor = new Predictor(p, k);
            SplittableRandom rng = new SplittableRandom(1);
            words = new int[640][];
            labels = new int[640][];
            for (int i = 0; i < words.length; i++) {
                int n = 7 + rng.nextInt(9);
                words[i] = new int[n];
                labels[i] = new int[n];
                for (int t = 0; t < n; t++) {
                    words[i][t] = rng.nextInt(d.ne());
                    labels[i][t] = rng.nextInt(d.nc());
                }
            }
            order = new int[words.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            for (int i = 0; i < batch; i++) {
                wordsPerStep += words[i].length;
            }
            System.out.println("words per step: " + wordsPerStep);
            net.trainBatch(words, labels, null, order, 0, batch, Objective.PER_WORD, 1e-4f);
        }
    }

    /** One update on B sentences (B = 1: the tutorial's per-sentence step). */
    @Benchmark
    public double trainStep(Batch b) {
        return b.net.trainBatch(b.words, b.labels, null, b.order, 0, b.batch, Objective.PER_WORD, 1e-5f);
    }

    /** Tags 640 sentences (7,0xx words; see the setup line) in packs of 32. */
    @Benchmark
    public int[][] tag640(Batch b) {
        return b.predictor.perWord(b.words);
    }
}
