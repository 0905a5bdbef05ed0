package org.rnnslu.kernels.panama;

/**
 * What the tests of other packages need to know about this JVM's vector width (they do not import
 * the Vector API themselves). Load only when {@code jdk.incubator.vector} is readable.
 */
public final class Widths {

    private Widths() {}

    /** The width is forced above the hardware's: vectors are emulated objects, never registers. */
    public static boolean emulated() {
        return VectorKernels.emulated();
    }

    /**
     * The width is forced to the one the kernels pick anyway: the pom's default test run already
     * covers it, so a forced rerun at that width repeats it.
     */
    public static boolean forcedToTheDefault() {
        return System.getProperty(VectorKernels.BIT_SIZE_PROPERTY) != null
                && VectorKernels.F.equals(VectorKernels.species(null));
    }

    /** The reason a test gives for skipping a forced rerun at the default width. */
    public static String coveredByTheDefaultRun() {
        return "-D" + VectorKernels.BIT_SIZE_PROPERTY + "=" + VectorKernels.F.vectorBitSize()
                + " is the default width here: the default test run covers it";
    }
}
