import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The roof for {@link AB}'s ops {@code fma} and {@code stream}, at the width of the side's kernels
 * (rnnslu.vectorBitSize when this class loads, else the hardware's widest), so a kernel and the
 * roof of its own width can be timed in one JVM. The same loops as bench's RoofBenchmark.
 */
public final class Roof {
    static final VectorSpecies<Float> F = species(System.getProperty("rnnslu.vectorBitSize"));
    static final int STEPS = 1024 * 16 / F.length(); // 12 accumulators: 393,216 FLOP a call at every width

    private Roof() {}

    /** Loads the class, fixing its width: call while the side's rnnslu.vectorBitSize is set. */
    static void init() {}

    static VectorSpecies<Float> species(String bits) {
        return bits == null ? FloatVector.SPECIES_PREFERRED
                : VectorSpecies.of(float.class, VectorShape.forBitSize(Integer.parseInt(bits.trim())));
    }

    static float fma(float mul, float add) {
        FloatVector m = FloatVector.broadcast(F, mul), c = FloatVector.broadcast(F, add);
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

    /** Σ x·y, 8 accumulators; lengths a multiple of 8 vectors. */
    static float dot(float[] x, float[] y) {
        int l = F.length();
        FloatVector s0 = FloatVector.zero(F), s1 = FloatVector.zero(F), s2 = FloatVector.zero(F), s3 = FloatVector.zero(F);
        FloatVector s4 = FloatVector.zero(F), s5 = FloatVector.zero(F), s6 = FloatVector.zero(F), s7 = FloatVector.zero(F);
        for (int i = 0; i + 8 * l <= x.length; i += 8 * l) {
            s0 = FloatVector.fromArray(F, x, i).fma(FloatVector.fromArray(F, y, i), s0);
            s1 = FloatVector.fromArray(F, x, i + l).fma(FloatVector.fromArray(F, y, i + l), s1);
            s2 = FloatVector.fromArray(F, x, i + 2 * l).fma(FloatVector.fromArray(F, y, i + 2 * l), s2);
            s3 = FloatVector.fromArray(F, x, i + 3 * l).fma(FloatVector.fromArray(F, y, i + 3 * l), s3);
            s4 = FloatVector.fromArray(F, x, i + 4 * l).fma(FloatVector.fromArray(F, y, i + 4 * l), s4);
            s5 = FloatVector.fromArray(F, x, i + 5 * l).fma(FloatVector.fromArray(F, y, i + 5 * l), s5);
            s6 = FloatVector.fromArray(F, x, i + 6 * l).fma(FloatVector.fromArray(F, y, i + 6 * l), s6);
            s7 = FloatVector.fromArray(F, x, i + 7 * l).fma(FloatVector.fromArray(F, y, i + 7 * l), s7);
        }
        return s0.add(s1).add(s2.add(s3)).add(s4.add(s5).add(s6.add(s7))).reduceLanes(VectorOperators.ADD);
    }
}
