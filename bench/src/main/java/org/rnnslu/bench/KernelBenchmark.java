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
import org.openjdk.jmh.infra.Blackhole;
import org.rnnslu.kernels.Kernels;

/**
 * Every kernel, scalar against vector, at the tutorial's shapes (Lucene VectorUtilBenchmark style:
 * a pair of benchmark methods per operation, identical but for the implementation).
 *
 * <p>Scores are operations (kernel calls) per second. Each method's comment gives the FLOPs of one
 * call (a multiply-add counts 2), so GFLOP/s = score × FLOP / 1e9. The matrix shapes are fixed (the
 * {@link Matrices} state); the vector operations take a size {@code @Param} with odd values, so the
 * scalar tails are measured too. {@code ...Add} kernels accumulate into their output on every call;
 * with inputs in [-0.1, 0.1) the outputs stay far from overflow over a run (and the cost of float
 * arithmetic does not depend on the values, subnormals aside, which random sums never reach), so the
 * outputs are not reset between calls.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Drnnslu.quiet=true"})
public class KernelBenchmark {

    /** The matrices of one sentence (WORDS rows) and of a stacked minibatch, tutorial sizes. */
    @State(Scope.Thread)
    public static class Matrices {
        final Kernels scalar = Shapes.scalar();
        final Kernels vector = Shapes.vector();
        final int n = Shapes.WORDS, nb = Shapes.BATCH_WORDS, de = Shapes.DE_CS, nh = Shapes.NH, nc = Shapes.NC;

        float[] x; // [n, de·cs] context windows of embeddings
        float[] xb; // [nb, de·cs]
        float[] wx; // [de·cs, nh]
        float[] wh; // [nh, nh]
        float[] w; // [nh, nc]
        float[] a; // [n, nh] hidden pre-activations / their gradient
        float[] ab; // [nb, nh]
        float[] h; // [n, nh]
        float[] z; // [n, nc] logits / their gradient
        float[] dwx; // [de·cs, nh]
        float[] dw; // [nh, nc]
        float[] dx; // [n, de·cs]
        float[] dh; // [n, nh]
        float[] v; // [nh]
        float[] y; // [nh]

        @Setup(Level.Trial)
        public void setup() {
            x = Shapes.random(1, n * de, 0.1f);
            xb = Shapes.random(2, nb * de, 0.1f);
            wx = Shapes.random(3, de * nh, 0.1f);
            wh = Shapes.random(4, nh * nh, 0.1f);
            w = Shapes.random(5, nh * nc, 0.1f);
            a = Shapes.random(6, n * nh, 0.1f);
            ab = new float[nb * nh];
            h = Shapes.random(7, n * nh, 0.1f);
            z = Shapes.random(8, n * nc, 0.1f);
            dwx = new float[de * nh];
            dw = new float[nh * nc];
            dx = new float[n * de];
            dh = new float[n * nh];
            v = Shapes.random(9, nh, 0.1f);
            y = new float[nh];
        }
    }

    /** Lengths for the BLAS-1 operations: 1 (call overhead), and odd sizes with scalar tails. */
    @State(Scope.Thread)
    public static class Vectors {
        @Param({"1", "207", "702"})
        public int size;

        final Kernels scalar = Shapes.scalar();
        final Kernels vector = Shapes.vector();
        float[] x;
        float[] y;

        @Setup(Level.Trial)
        public void setup() {
            x = Shapes.random(10, size, 0.1f);
            y = Shapes.random(11, size, 0.1f);
        }
    }

    /** Rows for the activations: the label count and the hidden size. */
    @State(Scope.Thread)
    public static class Activations {
        @Param({"127", "200"})
        public int size;

        final Kernels scalar = Shapes.scalar();
        final Kernels vector = Shapes.vector();
        float[] logits; // [size], refilled before every call (softmax and sigmoid work in place)
        float[] work;

        @Setup(Level.Trial)
        public void setup() {
            logits = Shapes.random(12, size, 4f);
            work = new float[size];
        }
    }

    // ---- forward: input projection, output layer, recurrence -------------------------------------

    /** A[11,200] += X[11,350]·wx[350,200]. FLOP = 2·11·350·200 = 1,540,000. */
    @Benchmark
    public float inputProjectionScalar(Matrices s) {
        s.scalar.matmulAdd(s.x, 0, s.wx, 0, s.a, 0, s.n, s.de, s.nh);
        return s.a[0];
    }

    @Benchmark
    public float inputProjectionVector(Matrices s) {
        s.vector.matmulAdd(s.x, 0, s.wx, 0, s.a, 0, s.n, s.de, s.nh);
        return s.a[0];
    }

    /** A[640,200] += X[640,350]·wx[350,200], a stacked minibatch. FLOP = 2·640·350·200 = 89,600,000. */
    @Benchmark
    public float inputProjectionBatchScalar(Matrices s) {
        s.scalar.matmulAdd(s.xb, 0, s.wx, 0, s.ab, 0, s.nb, s.de, s.nh);
        return s.ab[0];
    }

    @Benchmark
    public float inputProjectionBatchVector(Matrices s) {
        s.vector.matmulAdd(s.xb, 0, s.wx, 0, s.ab, 0, s.nb, s.de, s.nh);
        return s.ab[0];
    }

    /** Z[11,127] += H[11,200]·w[200,127]. FLOP = 2·11·200·127 = 558,800. */
    @Benchmark
    public float outputLayerScalar(Matrices s) {
        s.scalar.matmulAdd(s.h, 0, s.w, 0, s.z, 0, s.n, s.nh, s.nc);
        return s.z[0];
    }

    @Benchmark
    public float outputLayerVector(Matrices s) {
        s.vector.matmulAdd(s.h, 0, s.w, 0, s.z, 0, s.n, s.nh, s.nc);
        return s.z[0];
    }

    /** a[200] += h[200]·wh[200,200], one recurrence step. FLOP = 2·200·200 = 80,000. */
    @Benchmark
    public float vecMatAddScalar(Matrices s) {
        s.scalar.vecMatAdd(s.v, 0, s.wh, 0, s.y, 0, s.nh, s.nh);
        return s.y[0];
    }

    @Benchmark
    public float vecMatAddVector(Matrices s) {
        s.vector.vecMatAdd(s.v, 0, s.wh, 0, s.y, 0, s.nh, s.nh);
        return s.y[0];
    }

    // ---- backward ------------------------------------------------------------------------------

    /** dh[200] = wh[200,200]·da[200], one BPTT step. FLOP = 2·200·200 = 80,000. */
    @Benchmark
    public float matVecScalar(Matrices s) {
        s.scalar.matVec(s.wh, 0, s.v, 0, s.y, 0, s.nh, s.nh);
        return s.y[0];
    }

    @Benchmark
    public float matVecVector(Matrices s) {
        s.vector.matVec(s.wh, 0, s.v, 0, s.y, 0, s.nh, s.nh);
        return s.y[0];
    }

    /** dwx[350,200] += X[11,350]ᵀ·dA[11,200]. FLOP = 2·11·350·200 = 1,540,000. */
    @Benchmark
    public float inputGradientScalar(Matrices s) {
        s.scalar.matmulTransAAdd(s.x, 0, s.a, 0, s.dwx, 0, s.n, s.de, s.nh);
        return s.dwx[0];
    }

    @Benchmark
    public float inputGradientVector(Matrices s) {
        s.vector.matmulTransAAdd(s.x, 0, s.a, 0, s.dwx, 0, s.n, s.de, s.nh);
        return s.dwx[0];
    }

    /** dw[200,127] += H[11,200]ᵀ·dZ[11,127]. FLOP = 2·11·200·127 = 558,800. */
    @Benchmark
    public float outputGradientScalar(Matrices s) {
        s.scalar.matmulTransAAdd(s.h, 0, s.z, 0, s.dw, 0, s.n, s.nh, s.nc);
        return s.dw[0];
    }

    @Benchmark
    public float outputGradientVector(Matrices s) {
        s.vector.matmulTransAAdd(s.h, 0, s.z, 0, s.dw, 0, s.n, s.nh, s.nc);
        return s.dw[0];
    }

    /** dH[11,200] = dZ[11,127]·w[200,127]ᵀ. FLOP = 2·11·127·200 = 558,800. */
    @Benchmark
    public float hiddenBackpropScalar(Matrices s) {
        s.scalar.matmulTransB(s.z, 0, s.w, 0, s.dh, 0, s.n, s.nc, s.nh);
        return s.dh[0];
    }

    @Benchmark
    public float hiddenBackpropVector(Matrices s) {
        s.vector.matmulTransB(s.z, 0, s.w, 0, s.dh, 0, s.n, s.nc, s.nh);
        return s.dh[0];
    }

    /** dX[11,350] = dA[11,200]·wx[350,200]ᵀ (gradient to the embeddings). FLOP = 2·11·200·350 = 1,540,000. */
    @Benchmark
    public float inputBackpropScalar(Matrices s) {
        s.scalar.matmulTransB(s.a, 0, s.wx, 0, s.dx, 0, s.n, s.nh, s.de);
        return s.dx[0];
    }

    @Benchmark
    public float inputBackpropVector(Matrices s) {
        s.vector.matmulTransB(s.a, 0, s.wx, 0, s.dx, 0, s.n, s.nh, s.de);
        return s.dx[0];
    }

    // ---- BLAS-1 ----------------------------------------------------------------------------------

    /** Σ x·y. FLOP = 2·size. */
    @Benchmark
    public float dotScalar(Vectors s) {
        return s.scalar.dot(s.x, 0, s.y, 0, s.size);
    }

    @Benchmark
    public float dotVector(Vectors s) {
        return s.vector.dot(s.x, 0, s.y, 0, s.size);
    }

    /** y += α·x, with α = ±1e-3 alternating so y stays bounded. FLOP = 2·size. */
    @Benchmark
    public float axpyScalar(Vectors s) {
        s.scalar.axpy(1e-3f, s.x, 0, s.y, 0, s.size);
        s.scalar.axpy(-1e-3f, s.x, 0, s.y, 0, s.size);
        return s.y[0];
    }

    @Benchmark
    public float axpyVector(Vectors s) {
        s.vector.axpy(1e-3f, s.x, 0, s.y, 0, s.size);
        s.vector.axpy(-1e-3f, s.x, 0, s.y, 0, s.size);
        return s.y[0];
    }

    // ---- activations -----------------------------------------------------------------------------

    /** In-place sigmoid of a fresh copy (the copy, size floats, is part of the measured time). */
    @Benchmark
    public float sigmoidScalar(Activations s) {
        System.arraycopy(s.logits, 0, s.work, 0, s.size);
        s.scalar.sigmoid(s.work, 0, s.size);
        return s.work[0];
    }

    @Benchmark
    public float sigmoidVector(Activations s) {
        System.arraycopy(s.logits, 0, s.work, 0, s.size);
        s.vector.sigmoid(s.work, 0, s.size);
        return s.work[0];
    }

    /** In-place softmax of one row of a fresh copy (the copy is part of the measured time). */
    @Benchmark
    public float softmaxScalar(Activations s) {
        System.arraycopy(s.logits, 0, s.work, 0, s.size);
        s.scalar.softmaxRows(s.work, 0, 1, s.size);
        return s.work[0];
    }

    @Benchmark
    public float softmaxVector(Activations s) {
        System.arraycopy(s.logits, 0, s.work, 0, s.size);
        s.vector.softmaxRows(s.work, 0, 1, s.size);
        return s.work[0];
    }

    /** out = dh·h·(1−h) over one sentence's hidden layer [11,200]. FLOP = 3·2200 = 6,600. */
    @Benchmark
    public void sigmoidBackwardScalar(Matrices s, Blackhole bh) {
        s.scalar.sigmoidBackward(s.h, 0, s.a, 0, s.dh, 0, s.n * s.nh);
        bh.consume(s.dh);
    }

    @Benchmark
    public void sigmoidBackwardVector(Matrices s, Blackhole bh) {
        s.vector.sigmoidBackward(s.h, 0, s.a, 0, s.dh, 0, s.n * s.nh);
        bh.consume(s.dh);
    }
}
