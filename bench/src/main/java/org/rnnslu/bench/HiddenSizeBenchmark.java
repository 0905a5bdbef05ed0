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
import org.rnnslu.model.Dims;
import org.rnnslu.model.Network;
import org.rnnslu.model.Objective;
import org.rnnslu.model.Params;

/**
 * The training step as the hidden layer grows: B sentences of {@link Shapes#WORDS} words each,
 * one update (B = 1: the tutorial's per-sentence SGD, whose recurrence reads wh twice a word, once
 * forward and once in BPTT; B > 1 packs the sentences time-major, so each step of the recurrence
 * reads wh once for all B sentences), vector kernels, one thread, nh = 100 ... 1600 with the
 * tutorial's other sizes (de·cs 350, nc 127). wh is nh² floats: 160 KB at nh 200, 2.5 MB at 800,
 * 10 MB at 1600.
 *
 * <p>Score: µs per step; per word divide by 11·B. A word is 6·nh·(350 + nh + 127) FLOP (forward
 * x·wx, h·wh, h·w; backward dw, dz·wᵀ, dwh, wh·da, dwx, da·wxᵀ), plus the update of every weight
 * once a step: 0.81 MFLOP at nh 200, 8.2 MFLOP at 800.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Drnnslu.quiet=true"})
public class HiddenSizeBenchmark {

    @State(Scope.Thread)
    public static class Step {
        @Param({"100", "200", "400", "800", "1600"})
        public int nh;

        /** Sentences per update. */
        @Param({"1"})
        public int batch;

        Network net;
        int[][] words;
        int[][] labels;
        int[] order;

        @Setup(Level.Trial)
        public void setUp() {
            Dims d = new Dims(572, 50, 7, nh, Shapes.NC);
            net = new Network(Params.initialise(d, 345), Shapes.vector());
            words = new int[batch][Shapes.WORDS];
            labels = new int[batch][Shapes.WORDS];
            order = new int[batch];
            for (int s = 0; s < batch; s++) {
                order[s] = s;
                for (int t = 0; t < Shapes.WORDS; t++) {
                    words[s][t] = (s * 131 + t * 37 + 5) % d.ne();
                    labels[s][t] = (s * 7 + t * 11) % d.nc();
                }
            }
            trainStep(); // the first step normalises every embedding row
        }

        double trainStep() {
            return net.trainBatch(words, labels, null, order, 0, batch, Objective.PER_WORD, 1e-5f);
        }
    }

    /** One update on B sentences of 11 words. */
    @Benchmark
    public double trainStep(Step s) {
        return s.trainStep();
    }
}
