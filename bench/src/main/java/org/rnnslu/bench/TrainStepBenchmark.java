package org.rnnslu.bench;

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

/**
 * One whole training step (forward + backward + SGD update + renormalisation) on an 11-word sentence
 * at the tutorial's sizes (ne 572, de 50, cs 7, nh 200, nc 127), scalar vs vector, plus the forward
 * pass alone (tagging). One step is about 9.2 MFLOP (0.84 MFLOP a word: forward 0.27, backward
 * 0.54, update), so GFLOP/s = 9.2e-3 / (µs per op). Run with {@code -prof gc} to see that a step
 * allocates ~0 bytes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class TrainStepBenchmark {

    @State(Scope.Thread)
    public static class Step {
        @Param({"scalar", "vector"})
        public String kernels;

        Network net;
        final int[] words = new int[Shapes.WORDS];
        final int[] labels = new int[Shapes.WORDS];

        @Setup(Level.Trial)
        public void setUp() {
            Kernels k = kernels.equals("vector") ? Shapes.vector() : Shapes.scalar();
            Dims d = new Dims(572, 50, 7, Shapes.NH, Shapes.NC);
            net = new Network(Params.initialise(d, 345), k);
            for (int t = 0; t < words.length; t++) {
                words[t] = (t * 37 + 5) % d.ne();
                labels[t] = (t * 11) % d.nc();
            }
            net.trainStep(words, labels, -1, words.length, Objective.PER_WORD, 1e-3f); // first step normalises all rows
        }
    }

    /** The tutorial's sentence_train + normalize on one 11-word sentence. */
    @Benchmark
    public double trainStep(Step s) {
        return s.net.trainStep(s.words, s.labels, -1, s.words.length, Objective.PER_WORD, 1e-4f);
    }

    /** The forward pass alone: what tagging one sentence costs. */
    @Benchmark
    public float forward(Step s) {
        return s.net.forward(s.words, s.words.length).p[0];
    }
}
