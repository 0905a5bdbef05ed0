package org.rnnslu.kernels.panama;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;
import org.rnnslu.kernels.Kernels;
import org.rnnslu.kernels.ScalarKernels;

/**
 * The {@link Kernels} on the Panama Vector API ({@code jdk.incubator.vector}); the only class of the
 * project that imports it. Loaded reflectively by {@link org.rnnslu.kernels.KernelProvider}.
 *
 * <p>Style, after Lucene's {@code PanamaVectorUtilSupport}: one {@code static final} species
 * {@link #F} for every kernel, full vectors in the main loops, no masks (masked loads are slow
 * without AVX-512). Tails: matmulAdd, matmulTransAAdd and vecMatAdd finish the last m mod L
 * columns (m >= L) with one more vector strip overlapping the last full one, matmulTransB at 16
 * lanes with a last vector step whose repeated lanes are zeroed; the other dot products and the
 * elementwise kernels, and anything shorter than a vector, end in a plain scalar loop. Vectors never leave a method and no method
 * allocates, so C2 keeps every vector in a register. The loop structure depends only on the sizes
 * and the width, so the same inputs at the same width give the same bits.
 *
 * <p>The width: the widest of 128, 256 and 512 bits that the hardware runs natively
 * ({@link FloatVector#SPECIES_PREFERRED}, i.e. {@code VectorShape.preferredShape()}), for every
 * kernel: an emulated width is never picked, and a narrower one never measured faster here
 * (docs/performance.md).
 * {@code -Drnnslu.vectorBitSize=128|256|512} forces a width, also one wider than the hardware's,
 * which the Vector API then emulates (correct, orders of magnitude slower: for tests only).
 *
 * <p>Products are register-blocked: a block of output rows times a strip of output columns is held
 * in accumulator registers across the whole inner (k) loop, so every load of an operand feeds
 * several FMAs and every output element is read and written once per call. At 16 lanes (AVX-512,
 * 32 registers) the blocks are wider than at 4 and 8 lanes (16 registers). Sums are formed in a
 * different order than {@link ScalarKernels} (and with fused multiply-adds), so results agree with
 * it to float rounding, not bit for bit.
 */
public final class VectorKernels implements Kernels {

    /** System property forcing the vector width in bits: 128, 256 or 512. */
    public static final String BIT_SIZE_PROPERTY = "rnnslu.vectorBitSize";

    /** The hardware's widest species (the JVM's preferred shape). */
    static final VectorSpecies<Float> NATIVE = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Float> F = species(System.getProperty(BIT_SIZE_PROPERTY));
    /** Float lanes per vector: 8 for 256-bit AVX2, 16 for AVX-512. */
    static final int L = F.length();
    /** 16 lanes: AVX-512's 32 registers hold the wider register blocks (6×4 products, 16 dot products). */
    static final boolean WIDE = L == 16;

    public VectorKernels() {}

    /**
     * The species for a -Drnnslu.vectorBitSize value: that width exactly (even where it is emulated),
     * or without one the hardware's widest up to 512 bits. Other values are refused by the provider.
     */
    static VectorSpecies<Float> species(String bits) {
        if (bits == null) {
            return NATIVE.vectorBitSize() > 512 ? FloatVector.SPECIES_512 : NATIVE;
        }
        switch (bits.trim()) {
            case "128":
                return FloatVector.SPECIES_128;
            case "256":
                return FloatVector.SPECIES_256;
            case "512":
                return FloatVector.SPECIES_512;
            default:
                throw new IllegalArgumentException("-D" + BIT_SIZE_PROPERTY + "=" + bits + ": expected 128, 256 or 512");
        }
    }

    /** True when the width was forced above what the hardware has: every vector operation is emulated. */
    static boolean emulated() {
        return F.vectorBitSize() > NATIVE.vectorBitSize();
    }

    @Override
    public String name() {
        return "vector(" + F.vectorBitSize() + " bit)";
    }

    @Override
    public String configuration() {
        String width = "every kernel at " + F.vectorBitSize() + " bit";
        if (System.getProperty(BIT_SIZE_PROPERTY) == null) {
            return width + ", the hardware's widest";
        }
        String forced = width + ", forced by -D" + BIT_SIZE_PROPERTY;
        return emulated() ? forced + "; the hardware's widest is " + NATIVE.vectorBitSize() + " bit, so it is emulated, very slowly" : forced;
    }

    // ---- matrix-matrix ------------------------------------------------------------------------

    /**
     * C[n,m] += A[n,k]·B[k,m]. Column strips of 2 vectors (at 16 lanes first strips of 4, then 2;
     * then 1 vector) in the outer loop, so a strip of B (k × 2L floats, 22 KB for k=350 at 8 lanes)
     * stays in L1 while blocks of 6 rows of A slide past it; each block keeps its 6×2 (6×4)
     * accumulators in registers for the whole k loop, and the last n mod 6 rows are one more block
     * overlapping the one before. Fewer than 6 rows take 4×2 blocks (overlapping likewise), fewer
     * than 4 rows 1×2; the 1-vector strips use 4×1 and 1×1 blocks. The last m mod L columns are one
     * overlapping vector strip (when m >= L), not a scalar loop: for m = 127 a scalar tail took a
     * third of the time.
     */
    @Override
    public void matmulAdd(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int n, int k, int m) {
        int j = 0;
        if (WIDE && n >= 6) { // 16 lanes: strips of 4 vectors in 6×4 blocks, the last n mod 6 rows overlapping
            for (; j + 4 * L <= m; j += 4 * L) {
                int i = 0;
                for (; i + 6 <= n; i += 6) {
                    mm6x4(a, aOff + i * k, b, bOff + j, c, cOff + i * m + j, k, m, 0);
                }
                if (i < n) {
                    mm6x4(a, aOff + (n - 6) * k, b, bOff + j, c, cOff + (n - 6) * m + j, k, m, 6 - (n - i));
                }
            }
        }
        for (; j + 2 * L <= m; j += 2 * L) {
            int i = 0;
            for (; i + 6 <= n; i += 6) {
                mm6x2(a, aOff + i * k, b, bOff + j, c, cOff + i * m + j, k, m, 0);
            }
            if (i < n && n >= 6) { // the last n mod 6 rows: rows n−6..n, storing only the new ones
                mm6x2(a, aOff + (n - 6) * k, b, bOff + j, c, cOff + (n - 6) * m + j, k, m, 6 - (n - i));
                continue;
            }
            for (; i + 4 <= n; i += 4) {
                mm4x2(a, aOff + i * k, b, bOff + j, c, cOff + i * m + j, k, m, 0);
            }
            if (i < n && n >= 4) { // the last n mod 4 rows: rows n−4..n, storing only the new ones
                mm4x2(a, aOff + (n - 4) * k, b, bOff + j, c, cOff + (n - 4) * m + j, k, m, 4 - (n - i));
            } else {
                for (; i < n; i++) {
                    mm1x2(a, aOff + i * k, b, bOff + j, c, cOff + i * m + j, k, m);
                }
            }
        }
        for (; j + L <= m; j += L) {
            int i = 0;
            for (; i + 4 <= n; i += 4) {
                mm4x1(a, aOff + i * k, b, bOff + j, c, cOff + i * m + j, k, m, 0);
            }
            if (i < n && n >= 4) {
                mm4x1(a, aOff + (n - 4) * k, b, bOff + j, c, cOff + (n - 4) * m + j, k, m, 4 - (n - i));
            } else {
                for (; i < n; i++) {
                    mm1x1(a, aOff + i * k, b, bOff + j, c, cOff + i * m + j, k, m);
                }
            }
        }
        if (j < m && m >= L) {
            // tail columns j..m (fewer than L): one more vector strip over the last L columns
            // [m−L, m), summed from zero, of which only the lanes of the tail columns are added to C
            int w = m - L;
            int i = 0;
            for (; i + 4 <= n; i += 4) {
                tail4(a, aOff + i * k, k, 1, b, bOff + w, c, cOff + i * m + w, k, m, j - w, 0);
            }
            if (i < n && n >= 4) {
                tail4(a, aOff + (n - 4) * k, k, 1, b, bOff + w, c, cOff + (n - 4) * m + w, k, m, j - w, 4 - (n - i));
                i = n;
            }
            for (; i < n; i++) {
                FloatVector s0 = FloatVector.zero(F);
                for (int p = 0, aRow = aOff + i * k, bRow = bOff + w; p < k; p++, bRow += m) {
                    s0 = FloatVector.broadcast(F, a[aRow + p]).fma(FloatVector.fromArray(F, b, bRow), s0);
                }
                for (int q = j - w, cRow = cOff + i * m + w; q < L; q++) {
                    c[cRow + q] += s0.lane(q);
                }
            }
        } else if (j < m) {
            for (int i = 0; i < n; i++) { // scalar tail (m < L): columns j..m of every row
                int aRow = aOff + i * k;
                int cRow = cOff + i * m;
                for (int p = 0; p < k; p++) {
                    float aip = a[aRow + p];
                    int bRow = bOff + p * m;
                    for (int jj = j; jj < m; jj++) {
                        c[cRow + jj] += aip * b[bRow + jj];
                    }
                }
            }
        }
    }

    /**
     * C[6, 4L] += A[6,k]·B[k, 4L] at 16 lanes: 24 accumulators (of AVX-512's 32 registers) fed by 4
     * loads of B and 6 broadcasts of A per step; rows below {@code skip} are computed but not stored
     * (see mm4x2).
     */
    private static void mm6x4(float[] a, int a0, float[] b, int b0, float[] c, int c0, int k, int m, int skip) {
        int a1 = a0 + k, a2 = a1 + k, a3 = a2 + k, a4 = a3 + k, a5 = a4 + k;
        int c1 = c0 + m, c2 = c1 + m, c3 = c2 + m, c4 = c3 + m, c5 = c4 + m;
        FloatVector c00 = FloatVector.fromArray(F, c, c0), c01 = FloatVector.fromArray(F, c, c0 + L);
        FloatVector c02 = FloatVector.fromArray(F, c, c0 + 2 * L), c03 = FloatVector.fromArray(F, c, c0 + 3 * L);
        FloatVector c10 = FloatVector.fromArray(F, c, c1), c11 = FloatVector.fromArray(F, c, c1 + L);
        FloatVector c12 = FloatVector.fromArray(F, c, c1 + 2 * L), c13 = FloatVector.fromArray(F, c, c1 + 3 * L);
        FloatVector c20 = FloatVector.fromArray(F, c, c2), c21 = FloatVector.fromArray(F, c, c2 + L);
        FloatVector c22 = FloatVector.fromArray(F, c, c2 + 2 * L), c23 = FloatVector.fromArray(F, c, c2 + 3 * L);
        FloatVector c30 = FloatVector.fromArray(F, c, c3), c31 = FloatVector.fromArray(F, c, c3 + L);
        FloatVector c32 = FloatVector.fromArray(F, c, c3 + 2 * L), c33 = FloatVector.fromArray(F, c, c3 + 3 * L);
        FloatVector c40 = FloatVector.fromArray(F, c, c4), c41 = FloatVector.fromArray(F, c, c4 + L);
        FloatVector c42 = FloatVector.fromArray(F, c, c4 + 2 * L), c43 = FloatVector.fromArray(F, c, c4 + 3 * L);
        FloatVector c50 = FloatVector.fromArray(F, c, c5), c51 = FloatVector.fromArray(F, c, c5 + L);
        FloatVector c52 = FloatVector.fromArray(F, c, c5 + 2 * L), c53 = FloatVector.fromArray(F, c, c5 + 3 * L);
        for (int p = 0, bRow = b0; p < k; p++, bRow += m) {
            FloatVector b0v = FloatVector.fromArray(F, b, bRow); // B[p, j..j+L]
            FloatVector b1v = FloatVector.fromArray(F, b, bRow + L);
            FloatVector b2v = FloatVector.fromArray(F, b, bRow + 2 * L);
            FloatVector b3v = FloatVector.fromArray(F, b, bRow + 3 * L);
            FloatVector x = FloatVector.broadcast(F, a[a0 + p]); // A[i, p]
            c00 = x.fma(b0v, c00);
            c01 = x.fma(b1v, c01);
            c02 = x.fma(b2v, c02);
            c03 = x.fma(b3v, c03);
            x = FloatVector.broadcast(F, a[a1 + p]);
            c10 = x.fma(b0v, c10);
            c11 = x.fma(b1v, c11);
            c12 = x.fma(b2v, c12);
            c13 = x.fma(b3v, c13);
            x = FloatVector.broadcast(F, a[a2 + p]);
            c20 = x.fma(b0v, c20);
            c21 = x.fma(b1v, c21);
            c22 = x.fma(b2v, c22);
            c23 = x.fma(b3v, c23);
            x = FloatVector.broadcast(F, a[a3 + p]);
            c30 = x.fma(b0v, c30);
            c31 = x.fma(b1v, c31);
            c32 = x.fma(b2v, c32);
            c33 = x.fma(b3v, c33);
            x = FloatVector.broadcast(F, a[a4 + p]);
            c40 = x.fma(b0v, c40);
            c41 = x.fma(b1v, c41);
            c42 = x.fma(b2v, c42);
            c43 = x.fma(b3v, c43);
            x = FloatVector.broadcast(F, a[a5 + p]);
            c50 = x.fma(b0v, c50);
            c51 = x.fma(b1v, c51);
            c52 = x.fma(b2v, c52);
            c53 = x.fma(b3v, c53);
        }
        if (skip < 1) {
            c00.intoArray(c, c0);
            c01.intoArray(c, c0 + L);
            c02.intoArray(c, c0 + 2 * L);
            c03.intoArray(c, c0 + 3 * L);
        }
        if (skip < 2) {
            c10.intoArray(c, c1);
            c11.intoArray(c, c1 + L);
            c12.intoArray(c, c1 + 2 * L);
            c13.intoArray(c, c1 + 3 * L);
        }
        if (skip < 3) {
            c20.intoArray(c, c2);
            c21.intoArray(c, c2 + L);
            c22.intoArray(c, c2 + 2 * L);
            c23.intoArray(c, c2 + 3 * L);
        }
        if (skip < 4) {
            c30.intoArray(c, c3);
            c31.intoArray(c, c3 + L);
            c32.intoArray(c, c3 + 2 * L);
            c33.intoArray(c, c3 + 3 * L);
        }
        if (skip < 5) {
            c40.intoArray(c, c4);
            c41.intoArray(c, c4 + L);
            c42.intoArray(c, c4 + 2 * L);
            c43.intoArray(c, c4 + 3 * L);
        }
        c50.intoArray(c, c5);
        c51.intoArray(c, c5 + L);
        c52.intoArray(c, c5 + 2 * L);
        c53.intoArray(c, c5 + 3 * L);
    }

    /**
     * C[6, 2L] += A[6,k]·B[k, 2L]: 12 accumulators (12 independent FMA chains, enough to cover the
     * FMA latency at 2 per cycle) fed by 2 loads of B and 6 broadcasts of A per step; rows below
     * {@code skip} are computed but not stored (see mm4x2).
     */
    private static void mm6x2(float[] a, int a0, float[] b, int b0, float[] c, int c0, int k, int m, int skip) {
        int a1 = a0 + k, a2 = a1 + k, a3 = a2 + k, a4 = a3 + k, a5 = a4 + k;
        int c1 = c0 + m, c2 = c1 + m, c3 = c2 + m, c4 = c3 + m, c5 = c4 + m;
        FloatVector c00 = FloatVector.fromArray(F, c, c0), c01 = FloatVector.fromArray(F, c, c0 + L);
        FloatVector c10 = FloatVector.fromArray(F, c, c1), c11 = FloatVector.fromArray(F, c, c1 + L);
        FloatVector c20 = FloatVector.fromArray(F, c, c2), c21 = FloatVector.fromArray(F, c, c2 + L);
        FloatVector c30 = FloatVector.fromArray(F, c, c3), c31 = FloatVector.fromArray(F, c, c3 + L);
        FloatVector c40 = FloatVector.fromArray(F, c, c4), c41 = FloatVector.fromArray(F, c, c4 + L);
        FloatVector c50 = FloatVector.fromArray(F, c, c5), c51 = FloatVector.fromArray(F, c, c5 + L);
        for (int p = 0, bRow = b0; p < k; p++, bRow += m) {
            FloatVector b0v = FloatVector.fromArray(F, b, bRow); // B[p, j..j+L]
            FloatVector b1v = FloatVector.fromArray(F, b, bRow + L); // B[p, j+L..j+2L]
            FloatVector x = FloatVector.broadcast(F, a[a0 + p]); // A[i, p]
            c00 = x.fma(b0v, c00);
            c01 = x.fma(b1v, c01);
            x = FloatVector.broadcast(F, a[a1 + p]);
            c10 = x.fma(b0v, c10);
            c11 = x.fma(b1v, c11);
            x = FloatVector.broadcast(F, a[a2 + p]);
            c20 = x.fma(b0v, c20);
            c21 = x.fma(b1v, c21);
            x = FloatVector.broadcast(F, a[a3 + p]);
            c30 = x.fma(b0v, c30);
            c31 = x.fma(b1v, c31);
            x = FloatVector.broadcast(F, a[a4 + p]);
            c40 = x.fma(b0v, c40);
            c41 = x.fma(b1v, c41);
            x = FloatVector.broadcast(F, a[a5 + p]);
            c50 = x.fma(b0v, c50);
            c51 = x.fma(b1v, c51);
        }
        if (skip < 1) {
            c00.intoArray(c, c0);
            c01.intoArray(c, c0 + L);
        }
        if (skip < 2) {
            c10.intoArray(c, c1);
            c11.intoArray(c, c1 + L);
        }
        if (skip < 3) {
            c20.intoArray(c, c2);
            c21.intoArray(c, c2 + L);
        }
        if (skip < 4) {
            c30.intoArray(c, c3);
            c31.intoArray(c, c3 + L);
        }
        if (skip < 5) {
            c40.intoArray(c, c4);
            c41.intoArray(c, c4 + L);
        }
        c50.intoArray(c, c5);
        c51.intoArray(c, c5 + L);
    }

    /**
     * C[4, 2L] += A[4,k]·B[k, 2L]; a, b, c point at the block's first element, ldb = ldc = m, lda = k.
     * Rows below {@code skip} are computed but not stored: a block overlapping the previous one, so
     * the last n mod 4 rows run 4 rows' worth of independent FMA chains instead of 1 or 2.
     */
    private static void mm4x2(float[] a, int a0, float[] b, int b0, float[] c, int c0, int k, int m, int skip) {
        int a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
        int c1 = c0 + m, c2 = c1 + m, c3 = c2 + m;
        FloatVector c00 = FloatVector.fromArray(F, c, c0), c01 = FloatVector.fromArray(F, c, c0 + L);
        FloatVector c10 = FloatVector.fromArray(F, c, c1), c11 = FloatVector.fromArray(F, c, c1 + L);
        FloatVector c20 = FloatVector.fromArray(F, c, c2), c21 = FloatVector.fromArray(F, c, c2 + L);
        FloatVector c30 = FloatVector.fromArray(F, c, c3), c31 = FloatVector.fromArray(F, c, c3 + L);
        for (int p = 0, bRow = b0; p < k; p++, bRow += m) {
            FloatVector b0v = FloatVector.fromArray(F, b, bRow); // B[p, j..j+L]
            FloatVector b1v = FloatVector.fromArray(F, b, bRow + L); // B[p, j+L..j+2L]
            FloatVector x0 = FloatVector.broadcast(F, a[a0 + p]); // A[i, p]
            c00 = x0.fma(b0v, c00);
            c01 = x0.fma(b1v, c01);
            FloatVector x1 = FloatVector.broadcast(F, a[a1 + p]);
            c10 = x1.fma(b0v, c10);
            c11 = x1.fma(b1v, c11);
            FloatVector x2 = FloatVector.broadcast(F, a[a2 + p]);
            c20 = x2.fma(b0v, c20);
            c21 = x2.fma(b1v, c21);
            FloatVector x3 = FloatVector.broadcast(F, a[a3 + p]);
            c30 = x3.fma(b0v, c30);
            c31 = x3.fma(b1v, c31);
        }
        if (skip < 1) {
            c00.intoArray(c, c0);
            c01.intoArray(c, c0 + L);
        }
        if (skip < 2) {
            c10.intoArray(c, c1);
            c11.intoArray(c, c1 + L);
        }
        if (skip < 3) {
            c20.intoArray(c, c2);
            c21.intoArray(c, c2 + L);
        }
        c30.intoArray(c, c3);
        c31.intoArray(c, c3 + L);
    }

    /**
     * The last L columns of 4 rows of C: S[r, ·] = Σ_s a(r, s)·B[s, w..w+L), s = 0 .. steps−1, then
     * C[r, w+q] += S[r, q] for the tail lanes q >= first only (the lanes below were done by the full
     * strips); rows below skip are computed, not added (an overlapping block, see mm4x2).
     * a(r, s) = a[a0 + r·rowStride + s·stepStride]: A's rows for matmulAdd (rowStride k, stepStride 1),
     * A's columns for matmulTransAAdd (rowStride 1, stepStride k). b at B[0,w], c at C[0,w] (ld = m).
     */
    private static void tail4(float[] a, int a0, int rowStride, int stepStride, float[] b, int b0, float[] c,
                              int c0, int steps, int m, int first, int skip) {
        int a1 = a0 + rowStride, a2 = a1 + rowStride, a3 = a2 + rowStride;
        FloatVector s0 = FloatVector.zero(F), s1 = FloatVector.zero(F), s2 = FloatVector.zero(F), s3 = FloatVector.zero(F);
        for (int st = 0, as = 0, bRow = b0; st < steps; st++, as += stepStride, bRow += m) {
            FloatVector bv = FloatVector.fromArray(F, b, bRow); // B[s, w..w+L]
            s0 = FloatVector.broadcast(F, a[a0 + as]).fma(bv, s0);
            s1 = FloatVector.broadcast(F, a[a1 + as]).fma(bv, s1);
            s2 = FloatVector.broadcast(F, a[a2 + as]).fma(bv, s2);
            s3 = FloatVector.broadcast(F, a[a3 + as]).fma(bv, s3);
        }
        for (int q = first; q < L; q++) { // rows below skip: computed, not stored (see mm4x2)
            if (skip < 1) {
                c[c0 + q] += s0.lane(q);
            }
            if (skip < 2) {
                c[c0 + m + q] += s1.lane(q);
            }
            if (skip < 3) {
                c[c0 + 2 * m + q] += s2.lane(q);
            }
            c[c0 + 3 * m + q] += s3.lane(q);
        }
    }

    /** C[1, 2L] += A[1,k]·B[k, 2L]. */
    private static void mm1x2(float[] a, int a0, float[] b, int b0, float[] c, int c0, int k, int m) {
        FloatVector c00 = FloatVector.fromArray(F, c, c0), c01 = FloatVector.fromArray(F, c, c0 + L);
        for (int p = 0, bRow = b0; p < k; p++, bRow += m) {
            FloatVector x0 = FloatVector.broadcast(F, a[a0 + p]);
            c00 = x0.fma(FloatVector.fromArray(F, b, bRow), c00);
            c01 = x0.fma(FloatVector.fromArray(F, b, bRow + L), c01);
        }
        c00.intoArray(c, c0);
        c01.intoArray(c, c0 + L);
    }

    /** C[4, L] += A[4,k]·B[k, L]; rows below skip are not stored (see mm4x2). */
    private static void mm4x1(float[] a, int a0, float[] b, int b0, float[] c, int c0, int k, int m, int skip) {
        int a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
        int c1 = c0 + m, c2 = c1 + m, c3 = c2 + m;
        FloatVector c00 = FloatVector.fromArray(F, c, c0);
        FloatVector c10 = FloatVector.fromArray(F, c, c1);
        FloatVector c20 = FloatVector.fromArray(F, c, c2);
        FloatVector c30 = FloatVector.fromArray(F, c, c3);
        for (int p = 0, bRow = b0; p < k; p++, bRow += m) {
            FloatVector bv = FloatVector.fromArray(F, b, bRow); // B[p, j..j+L]
            c00 = FloatVector.broadcast(F, a[a0 + p]).fma(bv, c00);
            c10 = FloatVector.broadcast(F, a[a1 + p]).fma(bv, c10);
            c20 = FloatVector.broadcast(F, a[a2 + p]).fma(bv, c20);
            c30 = FloatVector.broadcast(F, a[a3 + p]).fma(bv, c30);
        }
        if (skip < 1) {
            c00.intoArray(c, c0);
        }
        if (skip < 2) {
            c10.intoArray(c, c1);
        }
        if (skip < 3) {
            c20.intoArray(c, c2);
        }
        c30.intoArray(c, c3);
    }

    /** C[1, L] += A[1,k]·B[k, L]. */
    private static void mm1x1(float[] a, int a0, float[] b, int b0, float[] c, int c0, int k, int m) {
        FloatVector c00 = FloatVector.fromArray(F, c, c0);
        for (int p = 0, bRow = b0; p < k; p++, bRow += m) {
            c00 = FloatVector.broadcast(F, a[a0 + p]).fma(FloatVector.fromArray(F, b, bRow), c00);
        }
        c00.intoArray(c, c0);
    }

    /**
     * C[k,m] += Aᵀ·B with A[n,k], B[n,m]. Blocks of 6 rows of C (6 columns of A) times strips of 2
     * vectors of columns (at 16 lanes first strips of 4): the 6×2 (6×4) accumulators start from C,
     * sum over the rows t, and are stored once; the last k mod 6 rows of C are one more block
     * overlapping the one before (k < 6: blocks of 4, then single rows).
     * The strip of B (rows t × 2L columns) is the operand every block of the strip reuses, so the
     * strip is the outer loop and the blocks of C rows the inner one; rows t go in chunks of
     * {@link #T_CHUNK} so that strip stays in L1 (a chunk of 256 rows is 16 KB) however many words a
     * batch has. Each C element still sums its t in order, so chunking does not change a bit.
     */
    @Override
    public void matmulTransAAdd(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int n, int k, int m) {
        for (int t0 = 0; t0 < n; t0 += T_CHUNK) {
            int nt = Math.min(T_CHUNK, n - t0);
            transAChunk(a, aOff + t0 * k, b, bOff + t0 * m, c, cOff, nt, k, m);
        }
    }

    /** Rows of A and B per pass of {@link #matmulTransAAdd}. */
    private static final int T_CHUNK = 256;

    /**
     * C[k,m] += A[nt,k]ᵀ·B[nt,m], nt <= T_CHUNK: column strips outside, blocks of C rows inside.
     * The tA blocks are matmulAdd's mm blocks with A read along its rows at the constant offsets
     * +1..+5 instead of k apart. They stay separate kernels: one kernel for both with a variable row
     * stride (as tail4, which is not hot) takes 1.13-1.30× the CPU time of dWx = Xᵀ·dA at ATIS's
     * shapes (bench/ab dwx, both orders); the likely cause is that C2 merges the range checks of
     * loads at constant offsets, not of loads a variable stride apart.
     */
    private static void transAChunk(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int nt, int k, int m) {
        int j = 0;
        if (WIDE && k >= 6) { // 16 lanes: strips of 4 vectors in 6×4 blocks, the last k mod 6 rows of C overlapping
            for (; j + 4 * L <= m; j += 4 * L) {
                int p = 0;
                for (; p + 6 <= k; p += 6) {
                    tA6x4(a, aOff + p, b, bOff + j, c, cOff + p * m + j, nt, k, m, 0);
                }
                if (p < k) {
                    tA6x4(a, aOff + k - 6, b, bOff + j, c, cOff + (k - 6) * m + j, nt, k, m, 6 - (k - p));
                }
            }
        }
        for (; j + 2 * L <= m; j += 2 * L) {
            int p = 0;
            for (; p + 6 <= k; p += 6) {
                tA6x2(a, aOff + p, b, bOff + j, c, cOff + p * m + j, nt, k, m, 0);
            }
            if (p < k && k >= 6) { // the last k mod 6 rows of C: rows k−6..k, storing only the new ones
                tA6x2(a, aOff + k - 6, b, bOff + j, c, cOff + (k - 6) * m + j, nt, k, m, 6 - (k - p));
                p = k;
            }
            for (; p + 4 <= k; p += 4) {
                tA4x2(a, aOff + p, b, bOff + j, c, cOff + p * m + j, nt, k, m);
            }
            for (; p < k; p++) { // leftover rows of C, one at a time
                tA1x2(a, aOff + p, b, bOff + j, c, cOff + p * m + j, nt, k, m);
            }
        }
        for (; j + L <= m; j += L) {
            int p = 0;
            for (; p + 4 <= k; p += 4) {
                tA4x1(a, aOff + p, b, bOff + j, c, cOff + p * m + j, nt, k, m);
            }
            for (; p < k; p++) {
                int cj = cOff + p * m + j;
                FloatVector c0 = FloatVector.fromArray(F, c, cj);
                for (int t = 0; t < nt; t++) {
                    c0 = FloatVector.broadcast(F, a[aOff + t * k + p]).fma(FloatVector.fromArray(F, b, bOff + t * m + j), c0);
                }
                c0.intoArray(c, cj);
            }
        }
        if (j < m && m >= L) {
            // tail columns j..m (fewer than L): one more vector strip over the last L columns
            // [m−L, m), summed from zero, of which only the lanes of the tail columns are added to C
            int w = m - L;
            int p = 0;
            for (; p + 4 <= k; p += 4) {
                tail4(a, aOff + p, 1, k, b, bOff + w, c, cOff + p * m + w, nt, m, j - w, 0);
            }
            if (p < k && k >= 4) { // the last k mod 4 rows: rows k−4..k, adding only to the new ones
                tail4(a, aOff + k - 4, 1, k, b, bOff + w, c, cOff + (k - 4) * m + w, nt, m, j - w, 4 - (k - p));
                p = k;
            }
            for (; p < k; p++) {
                FloatVector s0 = FloatVector.zero(F);
                for (int t = 0; t < nt; t++) {
                    s0 = FloatVector.broadcast(F, a[aOff + t * k + p]).fma(FloatVector.fromArray(F, b, bOff + t * m + w), s0);
                }
                for (int q = j - w, cRow = cOff + p * m + w; q < L; q++) {
                    c[cRow + q] += s0.lane(q);
                }
            }
            j = m;
        }
        for (; j < m; j++) { // scalar tail columns (m < L)
            for (int p = 0; p < k; p++) {
                int cj = cOff + p * m + j;
                float s = c[cj];
                for (int t = 0; t < nt; t++) {
                    s += a[aOff + t * k + p] * b[bOff + t * m + j];
                }
                c[cj] = s;
            }
        }
    }

    /**
     * C[6, 4L] += A[n, 6]ᵀ·B[n, 4L] at 16 lanes; a points at A[0,p] (lda = k), b at B[0,j] and c at
     * C[p,j] (ld = m). 24 accumulators, as mm6x4; rows below {@code skip} are not stored.
     */
    private static void tA6x4(float[] a, int a0, float[] b, int b0, float[] c, int c0, int n, int k, int m, int skip) {
        int c1 = c0 + m, c2 = c1 + m, c3 = c2 + m, c4 = c3 + m, c5 = c4 + m;
        FloatVector c00 = FloatVector.fromArray(F, c, c0), c01 = FloatVector.fromArray(F, c, c0 + L);
        FloatVector c02 = FloatVector.fromArray(F, c, c0 + 2 * L), c03 = FloatVector.fromArray(F, c, c0 + 3 * L);
        FloatVector c10 = FloatVector.fromArray(F, c, c1), c11 = FloatVector.fromArray(F, c, c1 + L);
        FloatVector c12 = FloatVector.fromArray(F, c, c1 + 2 * L), c13 = FloatVector.fromArray(F, c, c1 + 3 * L);
        FloatVector c20 = FloatVector.fromArray(F, c, c2), c21 = FloatVector.fromArray(F, c, c2 + L);
        FloatVector c22 = FloatVector.fromArray(F, c, c2 + 2 * L), c23 = FloatVector.fromArray(F, c, c2 + 3 * L);
        FloatVector c30 = FloatVector.fromArray(F, c, c3), c31 = FloatVector.fromArray(F, c, c3 + L);
        FloatVector c32 = FloatVector.fromArray(F, c, c3 + 2 * L), c33 = FloatVector.fromArray(F, c, c3 + 3 * L);
        FloatVector c40 = FloatVector.fromArray(F, c, c4), c41 = FloatVector.fromArray(F, c, c4 + L);
        FloatVector c42 = FloatVector.fromArray(F, c, c4 + 2 * L), c43 = FloatVector.fromArray(F, c, c4 + 3 * L);
        FloatVector c50 = FloatVector.fromArray(F, c, c5), c51 = FloatVector.fromArray(F, c, c5 + L);
        FloatVector c52 = FloatVector.fromArray(F, c, c5 + 2 * L), c53 = FloatVector.fromArray(F, c, c5 + 3 * L);
        for (int t = 0, aRow = a0, bRow = b0; t < n; t++, aRow += k, bRow += m) {
            FloatVector b0v = FloatVector.fromArray(F, b, bRow); // B[t, j..j+L]
            FloatVector b1v = FloatVector.fromArray(F, b, bRow + L);
            FloatVector b2v = FloatVector.fromArray(F, b, bRow + 2 * L);
            FloatVector b3v = FloatVector.fromArray(F, b, bRow + 3 * L);
            FloatVector x = FloatVector.broadcast(F, a[aRow]); // A[t, p]
            c00 = x.fma(b0v, c00);
            c01 = x.fma(b1v, c01);
            c02 = x.fma(b2v, c02);
            c03 = x.fma(b3v, c03);
            x = FloatVector.broadcast(F, a[aRow + 1]);
            c10 = x.fma(b0v, c10);
            c11 = x.fma(b1v, c11);
            c12 = x.fma(b2v, c12);
            c13 = x.fma(b3v, c13);
            x = FloatVector.broadcast(F, a[aRow + 2]);
            c20 = x.fma(b0v, c20);
            c21 = x.fma(b1v, c21);
            c22 = x.fma(b2v, c22);
            c23 = x.fma(b3v, c23);
            x = FloatVector.broadcast(F, a[aRow + 3]);
            c30 = x.fma(b0v, c30);
            c31 = x.fma(b1v, c31);
            c32 = x.fma(b2v, c32);
            c33 = x.fma(b3v, c33);
            x = FloatVector.broadcast(F, a[aRow + 4]);
            c40 = x.fma(b0v, c40);
            c41 = x.fma(b1v, c41);
            c42 = x.fma(b2v, c42);
            c43 = x.fma(b3v, c43);
            x = FloatVector.broadcast(F, a[aRow + 5]);
            c50 = x.fma(b0v, c50);
            c51 = x.fma(b1v, c51);
            c52 = x.fma(b2v, c52);
            c53 = x.fma(b3v, c53);
        }
        if (skip < 1) {
            c00.intoArray(c, c0);
            c01.intoArray(c, c0 + L);
            c02.intoArray(c, c0 + 2 * L);
            c03.intoArray(c, c0 + 3 * L);
        }
        if (skip < 2) {
            c10.intoArray(c, c1);
            c11.intoArray(c, c1 + L);
            c12.intoArray(c, c1 + 2 * L);
            c13.intoArray(c, c1 + 3 * L);
        }
        if (skip < 3) {
            c20.intoArray(c, c2);
            c21.intoArray(c, c2 + L);
            c22.intoArray(c, c2 + 2 * L);
            c23.intoArray(c, c2 + 3 * L);
        }
        if (skip < 4) {
            c30.intoArray(c, c3);
            c31.intoArray(c, c3 + L);
            c32.intoArray(c, c3 + 2 * L);
            c33.intoArray(c, c3 + 3 * L);
        }
        if (skip < 5) {
            c40.intoArray(c, c4);
            c41.intoArray(c, c4 + L);
            c42.intoArray(c, c4 + 2 * L);
            c43.intoArray(c, c4 + 3 * L);
        }
        c50.intoArray(c, c5);
        c51.intoArray(c, c5 + L);
        c52.intoArray(c, c5 + 2 * L);
        c53.intoArray(c, c5 + 3 * L);
    }

    /**
     * C[6, 2L] += A[n, 6]ᵀ·B[n, 2L]; a points at A[0,p] (lda = k), b at B[0,j] and c at C[p,j]
     * (ld = m). 12 accumulators, as mm6x2; rows below {@code skip} are not stored (an overlapping
     * block: they were final already).
     */
    private static void tA6x2(float[] a, int a0, float[] b, int b0, float[] c, int c0, int n, int k, int m, int skip) {
        int c1 = c0 + m, c2 = c1 + m, c3 = c2 + m, c4 = c3 + m, c5 = c4 + m;
        FloatVector c00 = FloatVector.fromArray(F, c, c0), c01 = FloatVector.fromArray(F, c, c0 + L);
        FloatVector c10 = FloatVector.fromArray(F, c, c1), c11 = FloatVector.fromArray(F, c, c1 + L);
        FloatVector c20 = FloatVector.fromArray(F, c, c2), c21 = FloatVector.fromArray(F, c, c2 + L);
        FloatVector c30 = FloatVector.fromArray(F, c, c3), c31 = FloatVector.fromArray(F, c, c3 + L);
        FloatVector c40 = FloatVector.fromArray(F, c, c4), c41 = FloatVector.fromArray(F, c, c4 + L);
        FloatVector c50 = FloatVector.fromArray(F, c, c5), c51 = FloatVector.fromArray(F, c, c5 + L);
        for (int t = 0, aRow = a0, bRow = b0; t < n; t++, aRow += k, bRow += m) {
            FloatVector b0v = FloatVector.fromArray(F, b, bRow); // B[t, j..j+L]
            FloatVector b1v = FloatVector.fromArray(F, b, bRow + L);
            FloatVector x = FloatVector.broadcast(F, a[aRow]); // A[t, p]
            c00 = x.fma(b0v, c00);
            c01 = x.fma(b1v, c01);
            x = FloatVector.broadcast(F, a[aRow + 1]);
            c10 = x.fma(b0v, c10);
            c11 = x.fma(b1v, c11);
            x = FloatVector.broadcast(F, a[aRow + 2]);
            c20 = x.fma(b0v, c20);
            c21 = x.fma(b1v, c21);
            x = FloatVector.broadcast(F, a[aRow + 3]);
            c30 = x.fma(b0v, c30);
            c31 = x.fma(b1v, c31);
            x = FloatVector.broadcast(F, a[aRow + 4]);
            c40 = x.fma(b0v, c40);
            c41 = x.fma(b1v, c41);
            x = FloatVector.broadcast(F, a[aRow + 5]);
            c50 = x.fma(b0v, c50);
            c51 = x.fma(b1v, c51);
        }
        if (skip < 1) {
            c00.intoArray(c, c0);
            c01.intoArray(c, c0 + L);
        }
        if (skip < 2) {
            c10.intoArray(c, c1);
            c11.intoArray(c, c1 + L);
        }
        if (skip < 3) {
            c20.intoArray(c, c2);
            c21.intoArray(c, c2 + L);
        }
        if (skip < 4) {
            c30.intoArray(c, c3);
            c31.intoArray(c, c3 + L);
        }
        if (skip < 5) {
            c40.intoArray(c, c4);
            c41.intoArray(c, c4 + L);
        }
        c50.intoArray(c, c5);
        c51.intoArray(c, c5 + L);
    }

    /** C[4, 2L] += A[n, 4]ᵀ·B[n, 2L]; a points at A[0,p] (lda = k), b at B[0,j] and c at C[p,j] (ld = m). */
    private static void tA4x2(float[] a, int a0, float[] b, int b0, float[] c, int c0, int n, int k, int m) {
        int c1 = c0 + m, c2 = c1 + m, c3 = c2 + m;
        FloatVector c00 = FloatVector.fromArray(F, c, c0), c01 = FloatVector.fromArray(F, c, c0 + L);
        FloatVector c10 = FloatVector.fromArray(F, c, c1), c11 = FloatVector.fromArray(F, c, c1 + L);
        FloatVector c20 = FloatVector.fromArray(F, c, c2), c21 = FloatVector.fromArray(F, c, c2 + L);
        FloatVector c30 = FloatVector.fromArray(F, c, c3), c31 = FloatVector.fromArray(F, c, c3 + L);
        for (int t = 0, aRow = a0, bRow = b0; t < n; t++, aRow += k, bRow += m) {
            FloatVector b0v = FloatVector.fromArray(F, b, bRow); // B[t, j..j+L]
            FloatVector b1v = FloatVector.fromArray(F, b, bRow + L);
            FloatVector x0 = FloatVector.broadcast(F, a[aRow]); // A[t, p]
            c00 = x0.fma(b0v, c00);
            c01 = x0.fma(b1v, c01);
            FloatVector x1 = FloatVector.broadcast(F, a[aRow + 1]);
            c10 = x1.fma(b0v, c10);
            c11 = x1.fma(b1v, c11);
            FloatVector x2 = FloatVector.broadcast(F, a[aRow + 2]);
            c20 = x2.fma(b0v, c20);
            c21 = x2.fma(b1v, c21);
            FloatVector x3 = FloatVector.broadcast(F, a[aRow + 3]);
            c30 = x3.fma(b0v, c30);
            c31 = x3.fma(b1v, c31);
        }
        c00.intoArray(c, c0);
        c01.intoArray(c, c0 + L);
        c10.intoArray(c, c1);
        c11.intoArray(c, c1 + L);
        c20.intoArray(c, c2);
        c21.intoArray(c, c2 + L);
        c30.intoArray(c, c3);
        c31.intoArray(c, c3 + L);
    }

    /** C[4, L] += A[n, 4]ᵀ·B[n, L]. */
    private static void tA4x1(float[] a, int a0, float[] b, int b0, float[] c, int c0, int n, int k, int m) {
        int c1 = c0 + m, c2 = c1 + m, c3 = c2 + m;
        FloatVector c00 = FloatVector.fromArray(F, c, c0);
        FloatVector c10 = FloatVector.fromArray(F, c, c1);
        FloatVector c20 = FloatVector.fromArray(F, c, c2);
        FloatVector c30 = FloatVector.fromArray(F, c, c3);
        for (int t = 0, aRow = a0, bRow = b0; t < n; t++, aRow += k, bRow += m) {
            FloatVector bv = FloatVector.fromArray(F, b, bRow);
            c00 = FloatVector.broadcast(F, a[aRow]).fma(bv, c00);
            c10 = FloatVector.broadcast(F, a[aRow + 1]).fma(bv, c10);
            c20 = FloatVector.broadcast(F, a[aRow + 2]).fma(bv, c20);
            c30 = FloatVector.broadcast(F, a[aRow + 3]).fma(bv, c30);
        }
        c00.intoArray(c, c0);
        c10.intoArray(c, c1);
        c20.intoArray(c, c2);
        c30.intoArray(c, c3);
    }

    /** C[1, 2L] += A[n, 1]ᵀ·B[n, 2L]. */
    private static void tA1x2(float[] a, int a0, float[] b, int b0, float[] c, int c0, int n, int k, int m) {
        FloatVector c00 = FloatVector.fromArray(F, c, c0), c01 = FloatVector.fromArray(F, c, c0 + L);
        for (int t = 0, aRow = a0, bRow = b0; t < n; t++, aRow += k, bRow += m) {
            FloatVector x0 = FloatVector.broadcast(F, a[aRow]);
            c00 = x0.fma(FloatVector.fromArray(F, b, bRow), c00);
            c01 = x0.fma(FloatVector.fromArray(F, b, bRow + L), c01);
        }
        c00.intoArray(c, c0);
        c01.intoArray(c, c0 + L);
    }

    /**
     * C[n,k] = A[n,m]·Bᵀ with B[k,m]: every C[i,p] is the dot product of row i of A with row p of B.
     * With 4 or 8 lanes: blocks of 8 rows of B (8·m floats, in L1) against every row of A in turn,
     * 8 running dot products whose lane sums are formed together (see FOLD_8); with 16 lanes the
     * same with blocks of 16 rows (dots1x16, m >= 16). The k mod 8 (16) rows of B left over are one
     * more block, overlapping the one before (every output's sum is the same tree of the same terms,
     * so the overlap rewrites identical bits). Other widths, or fewer rows: pairs of A rows against
     * quads of B rows, each dot product summed lane by lane.
     */
    @Override
    public void matmulTransB(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int n, int m, int k) {
        int p = 0;
        if (WIDE && k >= 16 && m >= L) {
            for (; p + 16 <= k; p += 16) {
                for (int i = 0; i < n; i++) {
                    dots1x16(a, aOff + i * m, b, bOff + p * m, c, cOff + i * k + p, m);
                }
            }
            if (p < k) { // the last k mod 16 rows of B: rows k−16..k again, same bits
                for (int i = 0; i < n; i++) {
                    dots1x16(a, aOff + i * m, b, bOff + (k - 16) * m, c, cOff + i * k + k - 16, m);
                }
                p = k;
            }
        } else if (FOLD_8 && k >= 8) {
            for (; p + 8 <= k; p += 8) {
                for (int i = 0; i < n; i++) {
                    dots1x8(a, aOff + i * m, b, bOff + p * m, c, cOff + i * k + p, m);
                }
            }
            if (p < k) { // the last k mod 8 rows of B: rows k−8..k again; a C[i,q] computed twice gets the same bits
                for (int i = 0; i < n; i++) {
                    dots1x8(a, aOff + i * m, b, bOff + (k - 8) * m, c, cOff + i * k + k - 8, m);
                }
                p = k;
            }
        }
        if (p < k) {
            dotsLaneByLane(a, aOff, b, bOff + p * m, c, cOff + p, n, m, k - p, k);
        }
    }

    /** C[i, p..p+kb) for all n rows i, kb rows of B from b on; ldc = k. */
    private static void dotsLaneByLane(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int n, int m,
                                       int kb, int k) {
        int i = 0;
        for (; i + 2 <= n; i += 2) {
            int aRow = aOff + i * m;
            int cRow = cOff + i * k;
            int p = 0;
            for (; p + 4 <= kb; p += 4) {
                dots2x4(a, aRow, b, bOff + p * m, c, cRow + p, m, k);
            }
            for (; p < kb; p++) {
                c[cRow + p] = dotImpl(a, aRow, b, bOff + p * m, m);
                c[cRow + k + p] = dotImpl(a, aRow + m, b, bOff + p * m, m);
            }
        }
        if (i < n) {
            rowDots(b, bOff, a, aOff + i * m, c, cOff + i * k, kb, m);
        }
    }

    /** C[i, p..p+8) = A[i, :]·B[p..p+8, :]ᵀ; a at A[i,0], b at B[p,0], c at C[i,p]. */
    private static void dots1x8(float[] a, int a0, float[] b, int b0, float[] c, int c0, int m) {
        FloatVector s0 = FloatVector.zero(F), s1 = FloatVector.zero(F), s2 = FloatVector.zero(F), s3 = FloatVector.zero(F);
        FloatVector s4 = FloatVector.zero(F), s5 = FloatVector.zero(F), s6 = FloatVector.zero(F), s7 = FloatVector.zero(F);
        int bound = F.loopBound(m);
        int j = 0;
        for (int bj = b0; j < bound; j += L, bj += L) {
            FloatVector x = FloatVector.fromArray(F, a, a0 + j); // A[i, j..j+L]
            s0 = FloatVector.fromArray(F, b, bj).fma(x, s0); // B[p, j..j+L]
            s1 = FloatVector.fromArray(F, b, bj + m).fma(x, s1); // B[p+1, j..j+L]
            s2 = FloatVector.fromArray(F, b, bj + 2 * m).fma(x, s2);
            s3 = FloatVector.fromArray(F, b, bj + 3 * m).fma(x, s3);
            s4 = FloatVector.fromArray(F, b, bj + 4 * m).fma(x, s4);
            s5 = FloatVector.fromArray(F, b, bj + 5 * m).fma(x, s5);
            s6 = FloatVector.fromArray(F, b, bj + 6 * m).fma(x, s6);
            s7 = FloatVector.fromArray(F, b, bj + 7 * m).fma(x, s7);
        }
        // c[c0 + q] = Σ lanes of s_q, q = 0..7: three rounds of folds (see FOLD_8), written out here
        // because a fold in a method of its own, once compiled on its own, can stay a call that
        // boxes every vector (seen: 150 KB allocated per matVec in one JVM out of two)
        FloatVector s01 = s0.blend(s1, BIT1).add(s1.blend(s0, BIT1).rearrange(XOR1));
        FloatVector s23 = s2.blend(s3, BIT1).add(s3.blend(s2, BIT1).rearrange(XOR1));
        FloatVector s45 = s4.blend(s5, BIT1).add(s5.blend(s4, BIT1).rearrange(XOR1));
        FloatVector s67 = s6.blend(s7, BIT1).add(s7.blend(s6, BIT1).rearrange(XOR1));
        FloatVector s0123 = s01.blend(s23, BIT2).add(s23.blend(s01, BIT2).rearrange(XOR2));
        FloatVector s4567 = s45.blend(s67, BIT2).add(s67.blend(s45, BIT2).rearrange(XOR2));
        if (L == 8) {
            s0123.blend(s4567, BIT4).add(s4567.blend(s0123, BIT4).rearrange(XOR4)).intoArray(c, c0);
        } else { // 4 lanes: two folds already sum them all
            s0123.intoArray(c, c0);
            s4567.intoArray(c, c0 + L);
        }
        for (; j < m; j++) { // scalar tail of the dot products
            float aj = a[a0 + j];
            for (int q = 0; q < 8; q++) {
                c[c0 + q] += aj * b[b0 + q * m + j];
            }
        }
    }

    /**
     * C[i, p..p+16) = A[i, :]·B[p..p+16, :]ᵀ at 16 lanes, m >= 16; a at A[i,0], b at B[p,0], c at
     * C[i,p]. 16 accumulators (17 of AVX-512's 32 registers with the row of A). The last m mod 16
     * terms are one more vector step over columns [m−16, m) whose lanes already summed are zeroed in
     * A's row by a 0/1 vector; that step always runs (with m mod 16 = 0 it adds zeros), because a
     * branch around it that is never taken leaves the accumulators live at an uncommon trap, where
     * JDK 17's C2 boxes them.
     */
    private static void dots1x16(float[] a, int a0, float[] b, int b0, float[] c, int c0, int m) {
        FloatVector s0 = FloatVector.zero(F), s1 = FloatVector.zero(F), s2 = FloatVector.zero(F), s3 = FloatVector.zero(F);
        FloatVector s4 = FloatVector.zero(F), s5 = FloatVector.zero(F), s6 = FloatVector.zero(F), s7 = FloatVector.zero(F);
        FloatVector s8 = FloatVector.zero(F), s9 = FloatVector.zero(F), s10 = FloatVector.zero(F), s11 = FloatVector.zero(F);
        FloatVector s12 = FloatVector.zero(F), s13 = FloatVector.zero(F), s14 = FloatVector.zero(F), s15 = FloatVector.zero(F);
        int bound = F.loopBound(m);
        for (int j = 0, bj = b0; j < bound; j += L, bj += L) {
            FloatVector x = FloatVector.fromArray(F, a, a0 + j); // A[i, j..j+L]
            s0 = FloatVector.fromArray(F, b, bj).fma(x, s0); // B[p, j..j+L]
            s1 = FloatVector.fromArray(F, b, bj + m).fma(x, s1); // B[p+1, j..j+L]
            s2 = FloatVector.fromArray(F, b, bj + 2 * m).fma(x, s2);
            s3 = FloatVector.fromArray(F, b, bj + 3 * m).fma(x, s3);
            s4 = FloatVector.fromArray(F, b, bj + 4 * m).fma(x, s4);
            s5 = FloatVector.fromArray(F, b, bj + 5 * m).fma(x, s5);
            s6 = FloatVector.fromArray(F, b, bj + 6 * m).fma(x, s6);
            s7 = FloatVector.fromArray(F, b, bj + 7 * m).fma(x, s7);
            s8 = FloatVector.fromArray(F, b, bj + 8 * m).fma(x, s8);
            s9 = FloatVector.fromArray(F, b, bj + 9 * m).fma(x, s9);
            s10 = FloatVector.fromArray(F, b, bj + 10 * m).fma(x, s10);
            s11 = FloatVector.fromArray(F, b, bj + 11 * m).fma(x, s11);
            s12 = FloatVector.fromArray(F, b, bj + 12 * m).fma(x, s12);
            s13 = FloatVector.fromArray(F, b, bj + 13 * m).fma(x, s13);
            s14 = FloatVector.fromArray(F, b, bj + 14 * m).fma(x, s14);
            s15 = FloatVector.fromArray(F, b, bj + 15 * m).fma(x, s15);
        }
        int w = m - L; // the tail: columns [w, m) with A's lanes below bound zeroed, x = A[i, w..m]·keep
        int bw = b0 + w;
        FloatVector x = FloatVector.fromArray(F, a, a0 + w).mul(FloatVector.fromArray(F, TAIL_KEEP, m - bound));
        s0 = FloatVector.fromArray(F, b, bw).fma(x, s0); // B[p, w..m]
        s1 = FloatVector.fromArray(F, b, bw + m).fma(x, s1);
        s2 = FloatVector.fromArray(F, b, bw + 2 * m).fma(x, s2);
        s3 = FloatVector.fromArray(F, b, bw + 3 * m).fma(x, s3);
        s4 = FloatVector.fromArray(F, b, bw + 4 * m).fma(x, s4);
        s5 = FloatVector.fromArray(F, b, bw + 5 * m).fma(x, s5);
        s6 = FloatVector.fromArray(F, b, bw + 6 * m).fma(x, s6);
        s7 = FloatVector.fromArray(F, b, bw + 7 * m).fma(x, s7);
        s8 = FloatVector.fromArray(F, b, bw + 8 * m).fma(x, s8);
        s9 = FloatVector.fromArray(F, b, bw + 9 * m).fma(x, s9);
        s10 = FloatVector.fromArray(F, b, bw + 10 * m).fma(x, s10);
        s11 = FloatVector.fromArray(F, b, bw + 11 * m).fma(x, s11);
        s12 = FloatVector.fromArray(F, b, bw + 12 * m).fma(x, s12);
        s13 = FloatVector.fromArray(F, b, bw + 13 * m).fma(x, s13);
        s14 = FloatVector.fromArray(F, b, bw + 14 * m).fma(x, s14);
        s15 = FloatVector.fromArray(F, b, bw + 15 * m).fma(x, s15);
        // c[c0 + q] = Σ lanes of s_q, q = 0..15: four rounds of folds (d = 1, 2, 4, 8; see FOLD_8),
        // written out for the reason given in dots1x8
        FloatVector s01 = s0.blend(s1, BIT1).add(s1.blend(s0, BIT1).rearrange(XOR1));
        FloatVector s23 = s2.blend(s3, BIT1).add(s3.blend(s2, BIT1).rearrange(XOR1));
        FloatVector s45 = s4.blend(s5, BIT1).add(s5.blend(s4, BIT1).rearrange(XOR1));
        FloatVector s67 = s6.blend(s7, BIT1).add(s7.blend(s6, BIT1).rearrange(XOR1));
        FloatVector s89 = s8.blend(s9, BIT1).add(s9.blend(s8, BIT1).rearrange(XOR1));
        FloatVector sAB = s10.blend(s11, BIT1).add(s11.blend(s10, BIT1).rearrange(XOR1));
        FloatVector sCD = s12.blend(s13, BIT1).add(s13.blend(s12, BIT1).rearrange(XOR1));
        FloatVector sEF = s14.blend(s15, BIT1).add(s15.blend(s14, BIT1).rearrange(XOR1));
        FloatVector s0123 = s01.blend(s23, BIT2).add(s23.blend(s01, BIT2).rearrange(XOR2));
        FloatVector s4567 = s45.blend(s67, BIT2).add(s67.blend(s45, BIT2).rearrange(XOR2));
        FloatVector s89AB = s89.blend(sAB, BIT2).add(sAB.blend(s89, BIT2).rearrange(XOR2));
        FloatVector sCDEF = sCD.blend(sEF, BIT2).add(sEF.blend(sCD, BIT2).rearrange(XOR2));
        FloatVector s0to7 = s0123.blend(s4567, BIT4).add(s4567.blend(s0123, BIT4).rearrange(XOR4));
        FloatVector s8toF = s89AB.blend(sCDEF, BIT4).add(sCDEF.blend(s89AB, BIT4).rearrange(XOR4));
        s0to7.blend(s8toF, BIT8).add(s8toF.blend(s0to7, BIT8).rearrange(XOR8)).intoArray(c, c0);
    }

    /**
     * L zeros then L ones: from offset r, a vector whose lanes l >= L − r are 1, i.e. the last r
     * lanes (the tail columns of a vector ending at m, r = m mod L).
     */
    private static final float[] TAIL_KEEP = tailKeep();

    private static float[] tailKeep() {
        float[] keep = new float[2 * L];
        java.util.Arrays.fill(keep, L, 2 * L, 1f);
        return keep;
    }

    // ---- lane sums of 8 accumulators at once (L = 4 or 8) ---------------------------------------
    //
    // A fold of (u, v) at distance d, u.blend(v, BITd) + v.blend(u, BITd).rearrange(XORd), adds
    // lane pairs d apart: lane l of the result is u[l] + u[l^d] where bit d of l is clear and
    // v[l] + v[l^d] where it is set. Three rounds of folds (d = 1, 2, 4) turn 8 accumulators into one
    // vector whose lane q is Σ lanes of s_q (with 4 lanes, two rounds give two such vectors): 14
    // blends, 7 permutes and 7 adds for 8 sums, against 7 lane extractions and 7 adds for each sum
    // one at a time. The tree is fixed, so the bits do not depend on the JIT tier.

    private static final boolean FOLD_8 = L == 4 || L == 8;
    private static final VectorMask<Float> BIT1 = laneBit(1), BIT2 = laneBit(2), BIT4 = laneBit(4), BIT8 = laneBit(8);
    private static final VectorShuffle<Float> XOR1 = laneXor(1), XOR2 = laneXor(2), XOR4 = laneXor(4), XOR8 = laneXor(8);

    /** Lanes l with (l & d) != 0 (no lane where that makes no sense for the species). */
    private static VectorMask<Float> laneBit(int d) {
        boolean[] bits = new boolean[L];
        for (int l = 0; l < L; l++) {
            bits[l] = d < L && (l & d) != 0;
        }
        return VectorMask.fromArray(F, bits, 0);
    }

    /** The permutation l -> l ^ d (the identity where d is not below L). */
    private static VectorShuffle<Float> laneXor(int d) {
        int[] idx = new int[L];
        for (int l = 0; l < L; l++) {
            idx[l] = d < L ? l ^ d : l;
        }
        return VectorShuffle.fromArray(F, idx, 0);
    }

    /** C[2, 4] = A[2, m]·B[4, m]ᵀ; a at A[i,0], b at B[p,0], c at C[i,p] (ldc = k). */
    private static void dots2x4(float[] a, int a0, float[] b, int b0, float[] c, int c0, int m, int k) {
        int a1 = a0 + m;
        int b1 = b0 + m, b2 = b1 + m, b3 = b2 + m;
        FloatVector s00 = FloatVector.zero(F), s01 = FloatVector.zero(F), s02 = FloatVector.zero(F), s03 = FloatVector.zero(F);
        FloatVector s10 = FloatVector.zero(F), s11 = FloatVector.zero(F), s12 = FloatVector.zero(F), s13 = FloatVector.zero(F);
        int bound = F.loopBound(m);
        int j = 0;
        for (; j < bound; j += L) {
            FloatVector x0 = FloatVector.fromArray(F, a, a0 + j); // A[i, j..j+L]
            FloatVector x1 = FloatVector.fromArray(F, a, a1 + j); // A[i+1, j..j+L]
            FloatVector w = FloatVector.fromArray(F, b, b0 + j); // B[p, j..j+L]
            s00 = x0.fma(w, s00);
            s10 = x1.fma(w, s10);
            w = FloatVector.fromArray(F, b, b1 + j);
            s01 = x0.fma(w, s01);
            s11 = x1.fma(w, s11);
            w = FloatVector.fromArray(F, b, b2 + j);
            s02 = x0.fma(w, s02);
            s12 = x1.fma(w, s12);
            w = FloatVector.fromArray(F, b, b3 + j);
            s03 = x0.fma(w, s03);
            s13 = x1.fma(w, s13);
        }
        float r00 = sumLanes(s00), r01 = sumLanes(s01);
        float r02 = sumLanes(s02), r03 = sumLanes(s03);
        float r10 = sumLanes(s10), r11 = sumLanes(s11);
        float r12 = sumLanes(s12), r13 = sumLanes(s13);
        for (; j < m; j++) {
            float x0 = a[a0 + j], x1 = a[a1 + j];
            float w0 = b[b0 + j], w1 = b[b1 + j], w2 = b[b2 + j], w3 = b[b3 + j];
            r00 += x0 * w0;
            r01 += x0 * w1;
            r02 += x0 * w2;
            r03 += x0 * w3;
            r10 += x1 * w0;
            r11 += x1 * w1;
            r12 += x1 * w2;
            r13 += x1 * w3;
        }
        int c1 = c0 + k;
        c[c0] = r00;
        c[c0 + 1] = r01;
        c[c0 + 2] = r02;
        c[c0 + 3] = r03;
        c[c1] = r10;
        c[c1 + 1] = r11;
        c[c1 + 2] = r12;
        c[c1 + 3] = r13;
    }

    /** y[k] = W[k,m]·x[m], four rows of W at a time (4 running dot products share each load of x). */
    private static void rowDots(float[] w, int wOff, float[] x, int xOff, float[] y, int yOff, int k, int m) {
        int bound = F.loopBound(m);
        int p = 0;
        for (; p + 4 <= k; p += 4) {
            int w0 = wOff + p * m, w1 = w0 + m, w2 = w1 + m, w3 = w2 + m;
            FloatVector s0 = FloatVector.zero(F), s1 = FloatVector.zero(F), s2 = FloatVector.zero(F), s3 = FloatVector.zero(F);
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector xv = FloatVector.fromArray(F, x, xOff + j); // x[j..j+L]
                s0 = FloatVector.fromArray(F, w, w0 + j).fma(xv, s0); // W[p, j..j+L]
                s1 = FloatVector.fromArray(F, w, w1 + j).fma(xv, s1);
                s2 = FloatVector.fromArray(F, w, w2 + j).fma(xv, s2);
                s3 = FloatVector.fromArray(F, w, w3 + j).fma(xv, s3);
            }
            float r0 = sumLanes(s0), r1 = sumLanes(s1);
            float r2 = sumLanes(s2), r3 = sumLanes(s3);
            for (; j < m; j++) {
                float xj = x[xOff + j];
                r0 += w[w0 + j] * xj;
                r1 += w[w1 + j] * xj;
                r2 += w[w2 + j] * xj;
                r3 += w[w3 + j] * xj;
            }
            y[yOff + p] = r0;
            y[yOff + p + 1] = r1;
            y[yOff + p + 2] = r2;
            y[yOff + p + 3] = r3;
        }
        for (; p < k; p++) {
            y[yOff + p] = dotImpl(w, wOff + p * m, x, xOff, m);
        }
    }

    /**
     * Σ lanes of v, left to right. Not reduceLanes(ADD): on JDK 25 C2 may add the lanes in a
     * different order than the interpreter does, so the last bit of a sum changed as the JIT warmed
     * up. Lane extraction with constant indices (the loop is unrolled) is exact in every tier.
     */
    static float sumLanes(FloatVector v) {
        float s = v.lane(0);
        for (int i = 1; i < L; i++) {
            s += v.lane(i);
        }
        return s;
    }

    // ---- matrix-vector ----------------------------------------------------------------------

    /**
     * y[m] += x[k]·W[k,m]. Strips of 4 vectors of y stay in registers across the k loop (two sets of
     * accumulators, for even and odd p, so 8 FMA chains are in flight); W is walked row by row. The
     * last m mod L columns are one overlapping vector strip (vecMatTail) when m >= L.
     */
    @Override
    public void vecMatAdd(float[] x, int xOff, float[] w, int wOff, float[] y, int yOff, int k, int m) {
        int j = 0;
        for (; j + 4 * L <= m; j += 4 * L) {
            int yj = yOff + j;
            FloatVector y0 = FloatVector.fromArray(F, y, yj), y1 = FloatVector.fromArray(F, y, yj + L);
            FloatVector y2 = FloatVector.fromArray(F, y, yj + 2 * L), y3 = FloatVector.fromArray(F, y, yj + 3 * L);
            FloatVector z0 = FloatVector.zero(F), z1 = FloatVector.zero(F), z2 = FloatVector.zero(F), z3 = FloatVector.zero(F);
            int p = 0;
            int wRow = wOff + j;
            for (; p + 2 <= k; p += 2, wRow += 2 * m) {
                FloatVector xp = FloatVector.broadcast(F, x[xOff + p]); // x[p]
                y0 = xp.fma(FloatVector.fromArray(F, w, wRow), y0); // W[p, j..j+4L]
                y1 = xp.fma(FloatVector.fromArray(F, w, wRow + L), y1);
                y2 = xp.fma(FloatVector.fromArray(F, w, wRow + 2 * L), y2);
                y3 = xp.fma(FloatVector.fromArray(F, w, wRow + 3 * L), y3);
                FloatVector xq = FloatVector.broadcast(F, x[xOff + p + 1]); // x[p+1]
                int wNext = wRow + m;
                z0 = xq.fma(FloatVector.fromArray(F, w, wNext), z0); // W[p+1, j..j+4L]
                z1 = xq.fma(FloatVector.fromArray(F, w, wNext + L), z1);
                z2 = xq.fma(FloatVector.fromArray(F, w, wNext + 2 * L), z2);
                z3 = xq.fma(FloatVector.fromArray(F, w, wNext + 3 * L), z3);
            }
            if (p < k) {
                FloatVector xp = FloatVector.broadcast(F, x[xOff + p]);
                y0 = xp.fma(FloatVector.fromArray(F, w, wRow), y0);
                y1 = xp.fma(FloatVector.fromArray(F, w, wRow + L), y1);
                y2 = xp.fma(FloatVector.fromArray(F, w, wRow + 2 * L), y2);
                y3 = xp.fma(FloatVector.fromArray(F, w, wRow + 3 * L), y3);
            }
            y0.add(z0).intoArray(y, yj);
            y1.add(z1).intoArray(y, yj + L);
            y2.add(z2).intoArray(y, yj + 2 * L);
            y3.add(z3).intoArray(y, yj + 3 * L);
        }
        for (; j + L <= m; j += L) {
            FloatVector y0 = FloatVector.fromArray(F, y, yOff + j);
            FloatVector z0 = FloatVector.zero(F);
            int p = 0;
            int wRow = wOff + j;
            for (; p + 2 <= k; p += 2, wRow += 2 * m) {
                y0 = FloatVector.broadcast(F, x[xOff + p]).fma(FloatVector.fromArray(F, w, wRow), y0);
                z0 = FloatVector.broadcast(F, x[xOff + p + 1]).fma(FloatVector.fromArray(F, w, wRow + m), z0);
            }
            if (p < k) {
                y0 = FloatVector.broadcast(F, x[xOff + p]).fma(FloatVector.fromArray(F, w, wRow), y0);
            }
            y0.add(z0).intoArray(y, yOff + j);
        }
        if (j < m && m >= L) {
            vecMatTail(x, xOff, w, wOff, y, yOff, k, m, j);
            j = m;
        }
        for (; j < m; j++) { // m < L: scalar columns
            float s = y[yOff + j];
            for (int p = 0, wi = wOff + j; p < k; p++, wi += m) {
                s += x[xOff + p] * w[wi];
            }
            y[yOff + j] = s;
        }
    }

    /**
     * y[first..m) += x[k]·W[k, first..m) for the last m mod L columns (first > m − L): the strip
     * S = x·W[:, m−L..m) summed from zero, of which only the lanes from first on are added to y.
     * One FMA chain, without a branch in it (see dots1x16).
     */
    private static void vecMatTail(float[] x, int xOff, float[] w, int wOff, float[] y, int yOff, int k, int m, int first) {
        int col = m - L;
        FloatVector s = FloatVector.zero(F);
        for (int p = 0, wRow = wOff + col; p < k; p++, wRow += m) {
            s = FloatVector.broadcast(F, x[xOff + p]).fma(FloatVector.fromArray(F, w, wRow), s); // x[p]·W[p, col..m]
        }
        for (int q = first - col, yc = yOff + col; q < L; q++) {
            y[yc + q] += s.lane(q);
        }
    }

    /**
     * y[k] = W[k,m]·x[m]: the matmulTransB of one row (8 rows of W at a time, 16 at 16 lanes, lane sums
     * folded together).
     */
    @Override
    public void matVec(float[] w, int wOff, float[] x, int xOff, float[] y, int yOff, int k, int m) {
        matmulTransB(x, xOff, w, wOff, y, yOff, 1, m, k); // y[1,k] = x[1,m]·Wᵀ
    }

    // ---- vector ---------------------------------------------------------------------------------

    @Override
    public float dot(float[] x, int xOff, float[] y, int yOff, int len) {
        return dotImpl(x, xOff, y, yOff, len);
    }

    /**
     * Σ x[i]·y[i]. Below one vector only the scalar loop runs (the bits the vector path gives there
     * too: the lane sum of its zero accumulators is +0, where this loop starts), in a method small
     * enough for C2 to inline (the vector body alone is ~330 bytes of bytecode, above FreqInlineSize
     * = 325, so a call of length 1 paid for a call plus the set-up and lane sum of 4 zero vectors).
     */
    private static float dotImpl(float[] x, int xOff, float[] y, int yOff, int len) {
        if (len >= L) {
            return dotVectors(x, xOff, y, yOff, len);
        }
        float sum = 0f;
        for (int i = 0; i < len; i++) {
            sum += x[xOff + i] * y[yOff + i];
        }
        return sum;
    }

    /** Σ x[i]·y[i] (len >= L) with 4 accumulators (4 independent FMA chains), then 1, then a scalar tail. */
    private static float dotVectors(float[] x, int xOff, float[] y, int yOff, int len) {
        FloatVector s0 = FloatVector.zero(F), s1 = FloatVector.zero(F), s2 = FloatVector.zero(F), s3 = FloatVector.zero(F);
        int i = 0;
        int bound4 = len - 4 * L;
        for (; i <= bound4; i += 4 * L) {
            s0 = FloatVector.fromArray(F, x, xOff + i).fma(FloatVector.fromArray(F, y, yOff + i), s0);
            s1 = FloatVector.fromArray(F, x, xOff + i + L).fma(FloatVector.fromArray(F, y, yOff + i + L), s1);
            s2 = FloatVector.fromArray(F, x, xOff + i + 2 * L).fma(FloatVector.fromArray(F, y, yOff + i + 2 * L), s2);
            s3 = FloatVector.fromArray(F, x, xOff + i + 3 * L).fma(FloatVector.fromArray(F, y, yOff + i + 3 * L), s3);
        }
        int bound = F.loopBound(len);
        for (; i < bound; i += L) {
            s0 = FloatVector.fromArray(F, x, xOff + i).fma(FloatVector.fromArray(F, y, yOff + i), s0);
        }
        float sum = sumLanes(s0.add(s1).add(s2.add(s3)));
        for (; i < len; i++) {
            sum += x[xOff + i] * y[yOff + i];
        }
        return sum;
    }

    // axpy, scale, sigmoidBackward and addRowBias stay 1-vector loops: C2 unrolls them itself (the
    // JDK 25 code of axpy runs 8 vector FMAs an iteration, without range checks). A hand-unrolled
    // 4-vector version (all loads, then the arithmetic, then the stores) measured no faster, within
    // noise or slower, and pushed the methods over FreqInlineSize (325 bytes), which made a call of
    // length 1 twice as slow until the vector part was moved out to a separate method.

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int len) {
        FloatVector av = FloatVector.broadcast(F, alpha);
        int bound = F.loopBound(len);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector.fromArray(F, x, xOff + i).fma(av, FloatVector.fromArray(F, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < len; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    @Override
    public void scale(float alpha, float[] x, int xOff, int len) {
        int bound = F.loopBound(len);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector.fromArray(F, x, xOff + i).mul(alpha).intoArray(x, xOff + i);
        }
        for (; i < len; i++) {
            x[xOff + i] *= alpha;
        }
    }

    /** x = 1/(1 + exp(−x)), with {@link #exp}; the scalar tail uses Math.exp like the scalar kernel. */
    @Override
    public void sigmoid(float[] x, int xOff, int len) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        int bound = F.loopBound(len);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            FloatVector e = exp(v.neg()); // exp(−x)
            one.div(e.add(one)).intoArray(x, xOff + i);
        }
        for (; i < len; i++) {
            x[xOff + i] = (float) (1.0 / (1.0 + Math.exp(-x[xOff + i])));
        }
    }

    // exp(x) in float lanes, Cephes expf: x = n·ln2 + r with |r| <= ln2/2, exp(r) by a degree-6
    // polynomial, 2^n put into the exponent bits. Not VectorOperators.EXP: that one is computed by
    // SVML stubs in C2 code but by Math.exp in the interpreter and C1, so its last bit changed as the
    // JIT warmed up, which broke "same inputs, same bits". Here every step is an IEEE lanewise
    // operation (add, mul, fma, bit reinterpretation), identical in every tier.
    private static final float EXP_HI = 88.3762626647949f; // n = 127 at most: 2^n stays finite
    private static final float EXP_LO = -87.3365448f; // n = -126 at least: 2^n stays normal
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f; // ln2 = LN2_HI + LN2_LO, LN2_HI exact in 9 bits
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float ROUND = 12582912f; // 1.5·2^23: adding it rounds to an integer, kept in the low mantissa bits
    private static final float P0 = 1.9875691500e-4f, P1 = 1.3981999507e-3f, P2 = 8.3334519073e-3f;
    private static final float P3 = 4.1665795894e-2f, P4 = 1.6666665459e-1f, P5 = 5.0000001201e-1f;

    /**
     * exp(x) per lane, within ~2 ulp of the float-rounded exact value for x in [−87.3, 88.4]; inputs
     * are clamped to that range (so exp(−∞) gives 1.2e−38 instead of 0, exp(+∞) 2.4e38 instead of
     * ∞), NaN stays NaN.
     */
    static FloatVector exp(FloatVector x) {
        x = x.max(EXP_LO).min(EXP_HI);
        FloatVector t = x.fma(LOG2E, ROUND); // n + 1.5·2^23, n = round(x·log2 e)
        FloatVector n = t.sub(ROUND);
        FloatVector r = n.fma(FloatVector.broadcast(F, -LN2_HI), x); // r = x − n·ln2, in two steps
        r = n.fma(FloatVector.broadcast(F, -LN2_LO), r);
        FloatVector p = r.fma(P0, P1); // Horner: p(r) = ((((P0·r + P1)·r + P2)·r + P3)·r + P4)·r + P5
        p = p.fma(r, FloatVector.broadcast(F, P2));
        p = p.fma(r, FloatVector.broadcast(F, P3));
        p = p.fma(r, FloatVector.broadcast(F, P4));
        p = p.fma(r, FloatVector.broadcast(F, P5));
        FloatVector er = p.fma(r.mul(r), r).add(1f); // exp(r) = 1 + r + r²·p(r)
        // 2^n: the low 9 bits of t's bit pattern are n + 1.5·2^23's low bits (zero), so
        // (bits(t) + 127) << 23 is the float with exponent n.
        FloatVector twoN = t.reinterpretAsInts().add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return er.mul(twoN);
    }

    /** out = dh·h·(1 − h), with the scalar kernel's operation order (so bit-identical to it). */
    @Override
    public void sigmoidBackward(float[] h, int hOff, float[] dh, int dhOff, float[] out, int outOff, int len) {
        int bound = F.loopBound(len);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector hv = FloatVector.fromArray(F, h, hOff + i);
            FloatVector g = FloatVector.fromArray(F, dh, dhOff + i);
            g.mul(hv).mul(hv.neg().add(1f)).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            float hi = h[hOff + i];
            out[outOff + i] = dh[dhOff + i] * hi * (1f - hi);
        }
    }

    /** Each row: subtract its max, exponentiate and sum in one pass, then scale by 1/sum. */
    @Override
    public void softmaxRows(float[] x, int xOff, int n, int m) {
        int bound = F.loopBound(m);
        for (int r = 0; r < n; r++) {
            int row = xOff + r * m;
            int j = 0;
            FloatVector mx = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
            for (; j < bound; j += L) {
                mx = mx.max(FloatVector.fromArray(F, x, row + j));
            }
            float max = mx.reduceLanes(VectorOperators.MAX);
            for (; j < m; j++) {
                max = Math.max(max, x[row + j]);
            }
            FloatVector mv = FloatVector.broadcast(F, max);
            FloatVector sv = FloatVector.zero(F);
            for (j = 0; j < bound; j += L) {
                FloatVector e = exp(FloatVector.fromArray(F, x, row + j).sub(mv));
                e.intoArray(x, row + j);
                sv = sv.add(e);
            }
            float sum = sumLanes(sv);
            for (; j < m; j++) {
                float e = (float) Math.exp(x[row + j] - max);
                x[row + j] = e;
                sum += e;
            }
            scale(1f / sum, x, row, m);
        }
    }

    /** x[r, :] += b for each row r: a plain vector add per row (bit-identical to the scalar kernel). */
    @Override
    public void addRowBias(float[] x, int xOff, float[] b, int bOff, int n, int m) {
        int bound = F.loopBound(m);
        for (int r = 0; r < n; r++) {
            int row = xOff + r * m;
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector.fromArray(F, x, row + j).add(FloatVector.fromArray(F, b, bOff + j)).intoArray(x, row + j);
            }
            for (; j < m; j++) {
                x[row + j] += b[bOff + j];
            }
        }
    }

    /**
     * b[m] += column sums of x[n,m]. Strips of 4 vectors of b are held in registers across all rows;
     * the additions happen in the scalar kernel's order (b + x0 + x1 + ...), so the bits agree too.
     */
    @Override
    public void sumRowsAdd(float[] x, int xOff, float[] b, int bOff, int n, int m) {
        int j = 0;
        for (; j + 4 * L <= m; j += 4 * L) {
            int bj = bOff + j;
            FloatVector s0 = FloatVector.fromArray(F, b, bj), s1 = FloatVector.fromArray(F, b, bj + L);
            FloatVector s2 = FloatVector.fromArray(F, b, bj + 2 * L), s3 = FloatVector.fromArray(F, b, bj + 3 * L);
            for (int r = 0, row = xOff + j; r < n; r++, row += m) {
                s0 = s0.add(FloatVector.fromArray(F, x, row)); // x[r, j..j+4L]
                s1 = s1.add(FloatVector.fromArray(F, x, row + L));
                s2 = s2.add(FloatVector.fromArray(F, x, row + 2 * L));
                s3 = s3.add(FloatVector.fromArray(F, x, row + 3 * L));
            }
            s0.intoArray(b, bj);
            s1.intoArray(b, bj + L);
            s2.intoArray(b, bj + 2 * L);
            s3.intoArray(b, bj + 3 * L);
        }
        for (; j + L <= m; j += L) {
            FloatVector s0 = FloatVector.fromArray(F, b, bOff + j);
            for (int r = 0, row = xOff + j; r < n; r++, row += m) {
                s0 = s0.add(FloatVector.fromArray(F, x, row));
            }
            s0.intoArray(b, bOff + j);
        }
        for (; j < m; j++) {
            float s = b[bOff + j];
            for (int r = 0, xi = xOff + j; r < n; r++, xi += m) {
                s += x[xi];
            }
            b[bOff + j] = s;
        }
    }

    /**
     * x /= ‖x‖₂. The sum of squares is taken in float vectors; when it is zero, subnormal-small or
     * not finite (where float squares could under- or overflow) it is recomputed in double, as the
     * scalar kernel does, so the decision "leave this row unchanged" is the same as the scalar one.
     */
    @Override
    public void normalize(float[] x, int xOff, int len) {
        float sumSqF = dotImpl(x, xOff, x, xOff, len);
        double sumSq = sumSqF;
        if (!(sumSqF > 1e-30f && sumSqF < Float.MAX_VALUE)) {
            sumSq = 0;
            for (int i = xOff; i < xOff + len; i++) {
                sumSq += (double) x[i] * x[i];
            }
        }
        if (sumSq > 0 && Double.isFinite(sumSq)) {
            float inv = (float) (1.0 / Math.sqrt(sumSq));
            scale(inv, x, xOff, len);
        }
    }
}
