package org.rnnslu.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The machine's ceilings for one core at the run's vector width, to put the kernels' GFLOP/s in
 * perspective: the width of the library's kernels, i.e. {@code -Drnnslu.vectorBitSize} when given
 * (pass it with {@code -jvmArgsAppend}), else the hardware's widest. One JMH run of this class and
 * {@link KernelBenchmark} thus gives each kernel next to the roof of its own width.
 *
 * <ul>
 *   <li>{@link #fmaPeak}: FMAs on 12 independent register accumulators (enough to cover FMA
 *       latency × throughput on current x86 cores), no memory traffic; {@link #FMA_FLOPS} a call at
 *       every width (more steps at narrower ones), so the score is FLOP/s.
 *   <li>{@link #streamDot}: a dot product over two arrays of {@code bytes} in total, 8
 *       accumulators, 2 loads per FMA: the bandwidth ceiling of the matrix-vector and BLAS-1 kernels
 *       from L1 (16 KB), L2 (256 KB), L3 (4 MB) and memory (64 MB). Score: calls/s, FLOP per call =
 *       bytes / 4.
 * </ul>
 *
 * The width is a {@code static final} species, not a {@code @Param}: a species the JIT cannot see
 * as a constant is not intrinsified (a parameter passed to an inlined helper measured boxed
 * vectors, 4-6 bytes allocated per FLOP). This file imports jdk.incubator.vector directly on
 * purpose: the roof must not depend on the library's kernels.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class RoofBenchmark {

    /** The run's width: -Drnnslu.vectorBitSize=128|256|512, or the hardware's widest. */
    static final VectorSpecies<Float> F = species(System.getProperty("rnnslu.vectorBitSize"));
    static final int ACCUMULATORS = 12;
    /** FLOPs per fmaPeak call at every width: 1024 steps of 12 16-lane FMAs (2 FLOP a lane). */
    static final int FMA_FLOPS = 1024 * ACCUMULATORS * 16 * 2;
    static final int STEPS = FMA_FLOPS / (ACCUMULATORS * F.length() * 2);

    static VectorSpecies<Float> species(String bits) {
        return bits == null ? FloatVector.SPECIES_PREFERRED
                : VectorSpecies.of(float.class, jdk.incubator.vector.VectorShape.forBitSize(Integer.parseInt(bits.trim())));
    }

    /** Prints the width once per fork, so a result file says what it measured. */
    @State(Scope.Benchmark)
    public static class Width {
        @Setup(Level.Trial)
        public void print() {
            System.out.println("roof width: " + F.vectorBitSize() + " bit (" + F.length() + " lanes), hardware's widest "
                    + FloatVector.SPECIES_PREFERRED.vectorBitSize() + " bit");
        }
    }

    /** The FMA operands, in fields so the JIT cannot fold them. */
    @State(Scope.Thread)
    public static class Operands {
        float mul = 0.999f;
        float add = 1e-3f;
    }

    /** Two arrays of bytes/8 floats each. */
    @State(Scope.Thread)
    public static class Arrays {
        /** Total bytes of the two streamed arrays: in L1 (32 KB here), L2 (512 KB), L3 (32 MB shared), memory. */
        @Param({"16384", "262144", "4194304", "67108864"})
        public int bytes;

        float[] x;
        float[] y;

        @Setup(Level.Trial)
        public void setup() {
            x = Shapes.random(1, bytes / 8, 1f);
            y = Shapes.random(2, bytes / 8, 1f);
        }
    }

    /** 12 independent FMA chains: a_i = a_i·m + c. Score = FLOP/s at every width. */
    @Benchmark
    @OperationsPerInvocation(FMA_FLOPS)
    public float fmaPeak(Width w, Operands o) {
        FloatVector m = FloatVector.broadcast(F, o.mul);
        FloatVector c = FloatVector.broadcast(F, o.add);
        FloatVector a0 = FloatVector.broadcast(F, 0.1f), a1 = FloatVector.broadcast(F, 0.2f), a2 = FloatVector.broadcast(F, 0.3f);
        FloatVector a3 = FloatVector.broadcast(F, 0.4f), a4 = FloatVector.broadcast(F, 0.5f), a5 = FloatVector.broadcast(F, 0.6f);
        FloatVector a6 = FloatVector.broadcast(F, 0.7f), a7 = FloatVector.broadcast(F, 0.8f), a8 = FloatVector.broadcast(F, 0.9f);
        FloatVector a9 = FloatVector.broadcast(F, 1.0f), a10 = FloatVector.broadcast(F, 1.1f), a11 = FloatVector.broadcast(F, 1.2f);
        for (int i = 0; i < STEPS; i++) {
            a0 = a0.fma(m, c);
            a1 = a1.fma(m, c);
            a2 = a2.fma(m, c);
            a3 = a3.fma(m, c);
            a4 = a4.fma(m, c);
            a5 = a5.fma(m, c);
            a6 = a6.fma(m, c);
            a7 = a7.fma(m, c);
            a8 = a8.fma(m, c);
            a9 = a9.fma(m, c);
            a10 = a10.fma(m, c);
            a11 = a11.fma(m, c);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(VectorOperators.ADD);
    }

    /** Σ x·y over bytes/8 floats each, 8 accumulators (lengths are multiples of 8 vectors at every width). */
    @Benchmark
    public float streamDot(Width w, Arrays a) {
        float[] x = a.x, y = a.y;
        int len = x.length;
        int L = F.length();
        FloatVector s0 = FloatVector.zero(F), s1 = FloatVector.zero(F), s2 = FloatVector.zero(F), s3 = FloatVector.zero(F);
        FloatVector s4 = FloatVector.zero(F), s5 = FloatVector.zero(F), s6 = FloatVector.zero(F), s7 = FloatVector.zero(F);
        for (int i = 0; i + 8 * L <= len; i += 8 * L) {
            s0 = FloatVector.fromArray(F, x, i).fma(FloatVector.fromArray(F, y, i), s0);
            s1 = FloatVector.fromArray(F, x, i + L).fma(FloatVector.fromArray(F, y, i + L), s1);
            s2 = FloatVector.fromArray(F, x, i + 2 * L).fma(FloatVector.fromArray(F, y, i + 2 * L), s2);
            s3 = FloatVector.fromArray(F, x, i + 3 * L).fma(FloatVector.fromArray(F, y, i + 3 * L), s3);
            s4 = FloatVector.fromArray(F, x, i + 4 * L).fma(FloatVector.fromArray(F, y, i + 4 * L), s4);
            s5 = FloatVector.fromArray(F, x, i + 5 * L).fma(FloatVector.fromArray(F, y, i + 5 * L), s5);
            s6 = FloatVector.fromArray(F, x, i + 6 * L).fma(FloatVector.fromArray(F, y, i + 6 * L), s6);
            s7 = FloatVector.fromArray(F, x, i + 7 * L).fma(FloatVector.fromArray(F, y, i + 7 * L), s7);
        }
        return s0.add(s1).add(s2.add(s3)).add(s4.add(s5).add(s6.add(s7))).reduceLanes(VectorOperators.ADD);
    }
}
