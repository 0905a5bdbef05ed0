package org.rnnslu.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rnnslu.kernels.panama.Widths;

/**
 * The Panama kernels against the scalar reference, on seeded random inputs of awkward sizes (below,
 * at and around multiples of every vector width, and the tutorial's shapes), addressed from non-zero
 * offsets inside guarded buffers: every addressed output element must agree with the scalar one to
 * float rounding, every element outside the slice must be untouched, and inputs must stay unchanged.
 */
class VectorKernelsTest {

    /** Vector lengths: 0, tiny, around 4/8/16 lanes and their multiples, and the tutorial's sizes. */
    static final int[] LENGTHS = {0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 200, 207, 350, 702};
    static final int[] ROWS = {1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 13};
    /** Inner sizes: with 16 lanes 17, 24, 31 and 64 leave 1, 8, 15 and 0 terms to a dot product's tail. */
    static final int[] INNER = {1, 2, 5, 6, 7, 8, 9, 17, 24, 31, 64};
    static final int[] COLS = {1, 3, 7, 8, 9, 15, 16, 17, 24, 25, 31, 33, 40, 127, 200};
    /** Tutorial shapes {n, k, m}: input projection, output layer, recurrence, a minibatch of 64 words. */
    static final int[][] TUTORIAL = {{11, 350, 200}, {11, 200, 127}, {11, 200, 200}, {1, 200, 200}, {64, 350, 200}, {37, 127, 200}, {300, 13, 40}}; // 300 rows: more than one T_CHUNK of matmulTransAAdd

    static final int GUARD = 13;
    static Kernels vector;
    static final Kernels scalar = ScalarKernels.INSTANCE;

    @BeforeAll
    static void load() {
        assumeTrue(KernelProvider.vectorAvailable(),
                "jdk.incubator.vector is not readable: run the JVM with --add-modules jdk.incubator.vector to test the vector kernels");
        vector = KernelProvider.byName("vector");
        assumeTrue(!Widths.forcedToTheDefault(), Widths.coveredByTheDefaultRun());
    }

    @Test
    void nameTellsTheWidth() {
        assertThat(vector.name()).matches("vector\\((128|256|512) bit\\)");
    }

    /**
     * The pom runs this class again at -Drnnslu.vectorBitSize=128, 256 and 512, each in a JVM of its
     * own, on every machine (a width the CPU lacks is emulated), so the 4-, 8- and 16-lane paths of
     * the folds, tails and register blocks are all tested: the width asked for must be the width used,
     * not clamped to the hardware's.
     */
    @Test
    void aWidthAskedForIsTheWidthUsed() {
        String asked = System.getProperty("rnnslu.vectorBitSize");
        assumeTrue(asked != null, "no -Drnnslu.vectorBitSize: the preferred width is tested");
        assertThat(vector.name()).isEqualTo("vector(" + asked + " bit)");
        assertThat(vectorLanes()).as("float lanes at %s bit", asked).isEqualTo(Integer.parseInt(asked) / 32);
    }

    /** Without a forced width the kernels never pick one the hardware would emulate. */
    @Test
    void theDefaultWidthIsNativeAndSaysSo() {
        assumeTrue(System.getProperty("rnnslu.vectorBitSize") == null, "a width is forced");
        assertThat(vector.configuration()).contains("the hardware's widest").doesNotContain("emulated");
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** A buffer of off + len + GUARD seeded values in [-1, 1). */
    static float[] random(SplittableRandom rnd, int off, int len) {
        float[] x = new float[off + len + GUARD];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return x;
    }

    /**
     * Asserts out[off, off+len) agrees with ref within tol·(1 + |ref|), and that every element outside
     * that slice is bit-identical to {@code before}.
     */
    static void assertSlice(String what, float[] before, float[] ref, float[] out, int off, int len, double tol) {
        for (int i = 0; i < out.length; i++) {
            if (i >= off && i < off + len) {
                double r = ref[i];
                double d = Math.abs(out[i] - r);
                if (!(d <= tol * (1 + Math.abs(r)))) {
                    fail(what + ": element " + (i - off) + " is " + out[i] + ", scalar gives " + ref[i] + " (|diff| " + d + ")");
                }
            } else if (Float.floatToRawIntBits(out[i]) != Float.floatToRawIntBits(before[i])) {
                fail(what + ": wrote outside its slice at index " + i + " (slice " + off + ".." + (off + len) + ")");
            }
        }
    }

    static void assertUnchanged(String what, float[] before, float[] after) {
        if (!Arrays.equals(before, after)) {
            fail(what + ": an input was modified");
        }
    }

    /** Relative tolerance for sums of k products of values in [-1, 1): rounding grows like sqrt(k). */
    static double tol(int k) {
        return 2e-6 * Math.sqrt(k + 1.0);
    }

    // ---- matrix-matrix ------------------------------------------------------------------------

    interface Product {
        void run(Kernels kern, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int n, int k, int m);
    }

    /** Runs op on both kernels from the same random C (so ...Add must accumulate onto it). */
    static void checkProduct(String what, Product op, int n, int k, int m, int aLen, int bLen, int cLen, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int aOff = 1 + rnd.nextInt(7), bOff = 3 + rnd.nextInt(5), cOff = 5 + rnd.nextInt(9);
        float[] a = random(rnd, aOff, aLen), b = random(rnd, bOff, bLen), c0 = random(rnd, cOff, cLen);
        float[] a0 = a.clone(), b0 = b.clone();
        float[] cs = c0.clone(), cv = c0.clone();
        op.run(scalar, a, aOff, b, bOff, cs, cOff, n, k, m);
        op.run(vector, a, aOff, b, bOff, cv, cOff, n, k, m);
        String shape = what + " n=" + n + " k=" + k + " m=" + m;
        assertSlice(shape, c0, cs, cv, cOff, cLen, tol(k));
        assertUnchanged(shape, a0, a);
        assertUnchanged(shape, b0, b);
    }

    static void forAllShapes(String what, Product op, ProductSizes sizes) {
        long seed = what.hashCode();
        for (int n : ROWS) {
            for (int k : INNER) {
                for (int m : COLS) {
                    int[] s = sizes.of(n, k, m);
                    checkProduct(what, op, n, k, m, s[0], s[1], s[2], seed++);
                }
            }
        }
        for (int[] t : TUTORIAL) {
            int[] s = sizes.of(t[0], t[1], t[2]);
            checkProduct(what, op, t[0], t[1], t[2], s[0], s[1], s[2], seed++);
        }
    }

    interface ProductSizes {
        /** {len A, len B, len C} for the shape. */
        int[] of(int n, int k, int m);
    }

    @Test
    void matmulAddAgreesWithScalar() {
        // C[n,m] += A[n,k]·B[k,m]
        forAllShapes("matmulAdd", Kernels::matmulAdd, (n, k, m) -> new int[] {n * k, k * m, n * m});
    }

    @Test
    void matmulTransAAddAgreesWithScalar() {
        // C[k,m] += A[n,k]ᵀ·B[n,m]; the sum runs over n
        forAllShapes("matmulTransAAdd", (kern, a, ao, b, bo, c, co, n, k, m) -> kern.matmulTransAAdd(a, ao, b, bo, c, co, k, n, m),
                (n, k, m) -> new int[] {k * n, k * m, n * m});
    }

    @Test
    void matmulTransBAgreesWithScalar() {
        // C[n,p] = A[n,k]·B[p,k]ᵀ with inner size k; here "m" is the output width p
        forAllShapes("matmulTransB", (kern, a, ao, b, bo, c, co, n, k, m) -> kern.matmulTransB(a, ao, b, bo, c, co, n, k, m),
                (n, k, m) -> new int[] {n * k, m * k, n * m});
    }

    @Test
    void matmulAddAccumulatesRatherThanOverwrites() {
        SplittableRandom rnd = new SplittableRandom(7);
        int n = 5, k = 9, m = 19;
        float[] a = random(rnd, 0, n * k), b = random(rnd, 0, k * m);
        float[] once = new float[n * m], twice = new float[n * m];
        vector.matmulAdd(a, 0, b, 0, once, 0, n, k, m);
        vector.matmulAdd(a, 0, b, 0, twice, 0, n, k, m);
        vector.matmulAdd(a, 0, b, 0, twice, 0, n, k, m);
        for (int i = 0; i < n * m; i++) {
            assertEquals(2 * once[i], twice[i], 1e-5 * (1 + Math.abs(once[i])), "C[" + i + "]");
        }
        float[] g1 = new float[k * m], g2 = new float[k * m];
        float[] d = random(rnd, 0, n * m);
        vector.matmulTransAAdd(a, 0, d, 0, g1, 0, n, k, m);
        vector.matmulTransAAdd(a, 0, d, 0, g2, 0, n, k, m);
        vector.matmulTransAAdd(a, 0, d, 0, g2, 0, n, k, m);
        for (int i = 0; i < k * m; i++) {
            assertEquals(2 * g1[i], g2[i], 1e-5 * (1 + Math.abs(g1[i])), "dW[" + i + "]");
        }
    }

    @Test
    void matmulTransBOverwrites() {
        SplittableRandom rnd = new SplittableRandom(8);
        int n = 3, m = 17, k = 6;
        float[] a = random(rnd, 0, n * m), b = random(rnd, 0, k * m);
        float[] c1 = new float[n * k];
        float[] c2 = new float[n * k];
        Arrays.fill(c2, 1e6f);
        vector.matmulTransB(a, 0, b, 0, c1, 0, n, m, k);
        vector.matmulTransB(a, 0, b, 0, c2, 0, n, m, k);
        assertThat(c2).containsExactly(c1);
    }

    // ---- matrix-vector ------------------------------------------------------------------------

    @Test
    void vecMatAddAgreesWithScalar() {
        // y[m] += x[k]·W[k,m]
        for (int k : new int[] {1, 2, 3, 7, 8, 17, 31, 200}) {
            for (int m : LENGTHS) {
                checkProduct("vecMatAdd", (kern, x, xo, w, wo, y, yo, n, kk, mm) -> kern.vecMatAdd(x, xo, w, wo, y, yo, kk, mm),
                        1, k, m, k, k * m, m, 31L * k + m);
            }
        }
    }

    @Test
    void matVecAgreesWithScalar() {
        // y[k] = W[k,m]·x[m]
        for (int k : new int[] {1, 2, 3, 4, 5, 7, 8, 17, 127, 200}) {
            for (int m : LENGTHS) {
                checkProduct("matVec", (kern, w, wo, x, xo, y, yo, n, kk, mm) -> kern.matVec(w, wo, x, xo, y, yo, mm, kk),
                        1, m, k, k * m, m, k, 37L * k + m);
            }
        }
    }

    // ---- vector ---------------------------------------------------------------------------------

    @Test
    void dotAgreesWithScalar() {
        for (int len : LENGTHS) {
            SplittableRandom rnd = new SplittableRandom(len);
            float[] x = random(rnd, 3, len), y = random(rnd, 5, len);
            float s = scalar.dot(x, 3, y, 5, len), v = vector.dot(x, 3, y, 5, len);
            assertEquals(s, v, tol(len) * (1 + Math.abs(s)), "dot len=" + len);
        }
    }

    /** Shorter than one vector, dot is the scalar loop: bit-identical to the scalar kernel. */
    @Test
    void dotBelowOneVectorIsBitIdenticalToScalar() {
        for (int len = 0; len < vectorLanes(); len++) {
            SplittableRandom rnd = new SplittableRandom(50 + len);
            float[] x = random(rnd, 3, len), y = random(rnd, 5, len);
            assertEquals(Float.floatToRawIntBits(scalar.dot(x, 3, y, 5, len)),
                    Float.floatToRawIntBits(vector.dot(x, 3, y, 5, len)), "dot len=" + len);
        }
    }

    @Test
    void axpyScaleAgreeWithScalar() {
        for (int len : LENGTHS) {
            SplittableRandom rnd = new SplittableRandom(100 + len);
            float[] x = random(rnd, 2, len), y = random(rnd, 6, len);
            float[] x0 = x.clone();
            float[] ys = y.clone(), yv = y.clone();
            scalar.axpy(-0.37f, x, 2, ys, 6, len);
            vector.axpy(-0.37f, x, 2, yv, 6, len);
            assertSlice("axpy len=" + len, y, ys, yv, 6, len, 1e-6);
            assertUnchanged("axpy", x0, x);

            float[] xs = x.clone(), xv = x.clone();
            scalar.scale(1.7f, xs, 2, len);
            vector.scale(1.7f, xv, 2, len);
            assertSlice("scale len=" + len, x, xs, xv, 2, len, 0); // one rounding: bit-identical
        }
    }

    @Test
    void sigmoidAgreesWithScalarWithin1e6() {
        for (int len : LENGTHS) {
            SplittableRandom rnd = new SplittableRandom(200 + len);
            float[] x = random(rnd, 4, len);
            for (int i = 0; i < x.length; i++) {
                x[i] *= 20; // across the whole curve, both saturated ends included
            }
            float[] xs = x.clone(), xv = x.clone();
            scalar.sigmoid(xs, 4, len);
            vector.sigmoid(xv, 4, len);
            assertSliceAbs("sigmoid len=" + len, x, xs, xv, 4, len, 1e-6);
        }
        float[] extreme = {0f, -0f, 1e-8f, -1e-8f, 88f, -88f, 89f, -89f, 103f, -103f, 1000f, -1000f,
            Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 15.9f, -15.9f};
        float[] es = extreme.clone(), ev = extreme.clone();
        scalar.sigmoid(es, 0, es.length);
        vector.sigmoid(ev, 0, ev.length);
        assertSliceAbs("sigmoid extremes", extreme, es, ev, 0, es.length, 1e-6);
        float[] nan = new float[17];
        Arrays.fill(nan, Float.NaN);
        vector.sigmoid(nan, 0, nan.length);
        for (float f : nan) {
            assertThat(f).isNaN();
        }
    }

    /** Like assertSlice but with an absolute tolerance (for values in [0, 1]). */
    static void assertSliceAbs(String what, float[] before, float[] ref, float[] out, int off, int len, double tol) {
        for (int i = 0; i < out.length; i++) {
            if (i >= off && i < off + len) {
                if (!(Math.abs(out[i] - ref[i]) <= tol)) {
                    fail(what + ": element " + (i - off) + " (input " + before[i] + ") is " + out[i] + ", scalar gives " + ref[i]);
                }
            } else if (Float.floatToRawIntBits(out[i]) != Float.floatToRawIntBits(before[i])) {
                fail(what + ": wrote outside its slice at index " + i);
            }
        }
    }

    @Test
    void sigmoidBackwardIsBitIdenticalToScalar() {
        for (int len : LENGTHS) {
            SplittableRandom rnd = new SplittableRandom(300 + len);
            float[] h = random(rnd, 1, len), dh = random(rnd, 2, len), out = random(rnd, 3, len);
            float[] h0 = h.clone(), dh0 = dh.clone();
            float[] os = out.clone(), ov = out.clone();
            scalar.sigmoidBackward(h, 1, dh, 2, os, 3, len);
            vector.sigmoidBackward(h, 1, dh, 2, ov, 3, len);
            assertSlice("sigmoidBackward len=" + len, out, os, ov, 3, len, 0);
            assertUnchanged("sigmoidBackward h", h0, h);
            assertUnchanged("sigmoidBackward dh", dh0, dh);
        }
    }

    /** In place (out = dh, as Backward calls it): still bit-identical to the scalar kernel. */
    @Test
    void sigmoidBackwardInPlaceIsBitIdenticalToScalar() {
        for (int len : LENGTHS) {
            SplittableRandom rnd = new SplittableRandom(350 + len);
            float[] h = random(rnd, 1, len), dh = random(rnd, 4, len);
            float[] ds = dh.clone(), dv = dh.clone();
            scalar.sigmoidBackward(h, 1, ds, 4, ds, 4, len);
            vector.sigmoidBackward(h, 1, dv, 4, dv, 4, len);
            assertSlice("sigmoidBackward in place len=" + len, dh, ds, dv, 4, len, 0);
        }
    }

    /**
     * axpy's vector part uses fused multiply-adds and its scalar tail mul + add, so it is compared to
     * the same fma/mul+add split computed here, bit for bit: the vectors and the tail must each
     * cover exactly their elements (this pins down axpy's bits, which the tolerance against the
     * scalar kernel does not). Also in place (x = y).
     */
    @Test
    void axpyIsFmaOverFullVectorsAndMulAddOverTheTail() {
        int lanes = vectorLanes();
        for (int len : LENGTHS) {
            SplittableRandom rnd = new SplittableRandom(150 + len);
            float[] x = random(rnd, 3, len), y = random(rnd, 5, len);
            float alpha = 0.731f;
            float[] expected = y.clone();
            int full = len < lanes ? 0 : len / lanes * lanes;
            for (int i = 0; i < len; i++) {
                expected[5 + i] = i < full ? Math.fma(x[3 + i], alpha, y[5 + i]) : y[5 + i] + alpha * x[3 + i];
            }
            float[] yv = y.clone();
            vector.axpy(alpha, x, 3, yv, 5, len);
            assertSlice("axpy split len=" + len, y, expected, yv, 5, len, 0);

            float[] same = y.clone(), sameExpected = y.clone();
            for (int i = 0; i < len; i++) {
                float v = y[5 + i];
                sameExpected[5 + i] = i < full ? Math.fma(v, alpha, v) : v + alpha * v;
            }
            vector.axpy(alpha, same, 5, same, 5, len);
            assertSlice("axpy in place len=" + len, y, sameExpected, same, 5, len, 0);
        }
    }

    /** The vector width in floats, from the kernel's name ("vector(256 bit)" gives 8). */
    static int vectorLanes() {
        String name = vector.name();
        return Integer.parseInt(name.substring(name.indexOf('(') + 1, name.indexOf(' '))) / 32;
    }

    @Test
    void softmaxRowsAgreesWithScalar() {
        for (int n : new int[] {1, 2, 3, 11}) {
            for (int m : LENGTHS) {
                if (m == 0) {
                    continue;
                }
                SplittableRandom rnd = new SplittableRandom(400 + 1000L * n + m);
                float[] x = random(rnd, 7, n * m);
                for (int i = 0; i < x.length; i++) {
                    x[i] *= 30; // wide logits: most probabilities underflow towards 0
                }
                float[] xs = x.clone(), xv = x.clone();
                scalar.softmaxRows(xs, 7, n, m);
                vector.softmaxRows(xv, 7, n, m);
                assertSliceAbs("softmaxRows n=" + n + " m=" + m, x, xs, xv, 7, n * m, 1e-6);
                for (int r = 0; r < n; r++) {
                    double sum = 0;
                    for (int j = 0; j < m; j++) {
                        sum += xv[7 + r * m + j];
                    }
                    assertEquals(1.0, sum, 1e-5, "row sum");
                }
            }
        }
        float[] same = new float[9];
        Arrays.fill(same, 1e30f); // equal huge logits: uniform, no overflow
        vector.softmaxRows(same, 0, 1, 9);
        for (float f : same) {
            assertEquals(1f / 9, f, 1e-7);
        }
    }

    @Test
    void addRowBiasAndSumRowsAddAreBitIdenticalToScalar() {
        for (int n : new int[] {1, 2, 5, 11}) {
            for (int m : LENGTHS) {
                SplittableRandom rnd = new SplittableRandom(500 + 1000L * n + m);
                float[] x = random(rnd, 3, n * m), b = random(rnd, 9, m);
                float[] x0 = x.clone(), b0 = b.clone();
                float[] xs = x.clone(), xv = x.clone();
                scalar.addRowBias(xs, 3, b, 9, n, m);
                vector.addRowBias(xv, 3, b, 9, n, m);
                assertSlice("addRowBias n=" + n + " m=" + m, x, xs, xv, 3, n * m, 0);
                assertUnchanged("addRowBias b", b0, b);

                float[] bs = b.clone(), bv = b.clone();
                scalar.sumRowsAdd(x, 3, bs, 9, n, m);
                vector.sumRowsAdd(x, 3, bv, 9, n, m);
                assertSlice("sumRowsAdd n=" + n + " m=" + m, b, bs, bv, 9, m, 0);
                assertUnchanged("sumRowsAdd x", x0, x);
            }
        }
    }

    @Test
    void normalizeAgreesWithScalar() {
        for (int len : LENGTHS) {
            SplittableRandom rnd = new SplittableRandom(600 + len);
            float[] x = random(rnd, 5, len);
            float[] xs = x.clone(), xv = x.clone();
            scalar.normalize(xs, 5, len);
            vector.normalize(xv, 5, len);
            assertSlice("normalize len=" + len, x, xs, xv, 5, len, 2e-6);
        }
        for (float magnitude : new float[] {1e-30f, 1e-20f, 1e20f, 1e30f}) { // squares under- or overflow in float
            float[] x = {magnitude, -2 * magnitude, 0, 3 * magnitude, magnitude, magnitude, magnitude, magnitude, magnitude, magnitude};
            float[] xs = x.clone(), xv = x.clone();
            scalar.normalize(xs, 0, x.length);
            vector.normalize(xv, 0, x.length);
            assertSlice("normalize magnitude " + magnitude, x, xs, xv, 0, x.length, 2e-6);
        }
    }

    @Test
    void normalizeLeavesZeroAndNonFiniteRowsUnchanged() {
        for (int len : new int[] {1, 8, 17, 200}) {
            float[] zero = new float[len + 4];
            Arrays.fill(zero, 2, 2 + len, 0f);
            zero[0] = 5f;
            zero[len + 3] = 6f;
            float[] before = zero.clone();
            vector.normalize(zero, 2, len);
            assertThat(zero).containsExactly(before);
            float[] inf = new float[len];
            inf[len / 2] = Float.POSITIVE_INFINITY;
            float[] infBefore = inf.clone();
            vector.normalize(inf, 0, len);
            assertThat(inf).containsExactly(infBefore);
        }
    }

    // ---- determinism ----------------------------------------------------------------------------

    /**
     * The same inputs give the same bits on every call, also while the JIT moves the kernels from
     * the interpreter to C1 and C2 (the reason exp is hand-written rather than VectorOperators.EXP,
     * whose interpreter and C2 results differ in the last bit).
     */
    @Test
    void sameInputsGiveSameBitsAcrossJitTiers() {
        SplittableRandom rnd = new SplittableRandom(99);
        int n = 3, k = 13, m = 21;
        float[] a = random(rnd, 0, n * k), b = random(rnd, 0, k * m), x = random(rnd, 0, 67);
        for (int i = 0; i < x.length; i++) {
            x[i] *= 12;
        }
        float[] first = null;
        long deadline = System.nanoTime() + 3_000_000_000L; // C2 usually compiles everything within ~1500 calls
        for (int iter = 0; iter < 12_000 && System.nanoTime() < deadline; iter++) {
            float[] c = new float[n * m + 2 * 67 + 1];
            vector.matmulAdd(a, 0, b, 0, c, 0, n, k, m);
            System.arraycopy(x, 0, c, n * m, 67);
            vector.sigmoid(c, n * m, 67);
            System.arraycopy(x, 0, c, n * m + 67, 67);
            vector.softmaxRows(c, n * m + 67, 1, 67);
            c[c.length - 1] = vector.dot(x, 0, x, 0, 67);
            vector.axpy(0.37f, x, 0, c, n * m + 67, 67); // fma lanes and a mul + add tail
            vector.sigmoidBackward(x, 0, c, n * m, c, n * m, 67);
            if (first == null) {
                first = c;
            } else if (!Arrays.equals(first, c)) {
                fail("call " + iter + " gave different bits than the first call");
            }
        }
    }
}
