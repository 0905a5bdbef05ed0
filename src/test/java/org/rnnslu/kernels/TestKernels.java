package org.rnnslu.kernels;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The kernels a test case asks for. A "vector" case where the vector kernels cannot load (the JVM
 * runs without {@code --add-modules jdk.incubator.vector}) is skipped with the reason, never run
 * on the scalar kernels under the vector case's name.
 */
public final class TestKernels {

    private TestKernels() {}

    /** "scalar" or "vector". */
    public static Kernels named(String name) {
        if (name.equals("scalar")) {
            return ScalarKernels.INSTANCE;
        }
        if (name.equals("vector")) {
            return vector();
        }
        throw new IllegalArgumentException("no kernels named '" + name + "' (scalar or vector)");
    }

    /** The vector kernels, or true for them and false for the scalar ones. */
    public static Kernels of(boolean vector) {
        return vector ? vector() : ScalarKernels.INSTANCE;
    }

    /** The vector kernels; skips the calling test where jdk.incubator.vector is not readable. */
    public static Kernels vector() {
        assumeTrue(KernelProvider.vectorAvailable(), "jdk.incubator.vector is not readable (run the JVM with"
                + " --add-modules jdk.incubator.vector): the vector case is skipped, not run on the scalar kernels");
        return KernelProvider.byName("vector");
    }
}
