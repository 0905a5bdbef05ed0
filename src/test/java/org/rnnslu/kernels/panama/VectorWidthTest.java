package org.rnnslu.kernels.panama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rnnslu.kernels.KernelProvider;

/** How the vector width is chosen: the hardware's widest by default, exactly the forced one otherwise. */
class VectorWidthTest {

    @BeforeAll
    static void needsTheModule() {
        assumeTrue(KernelProvider.vectorAvailable(), "jdk.incubator.vector is not readable: no vector kernels to test");
    }

    @Test
    void withoutAPropertyTheHardwaresWidestIsUsedUpTo512Bits() {
        int expected = Math.min(512, FloatVector.SPECIES_PREFERRED.vectorBitSize());
        assertThat(VectorKernels.species(null).vectorBitSize()).isEqualTo(expected);
    }

    @Test
    void aForcedWidthIsTakenAsIsEvenWhereItIsEmulated() {
        assertThat(VectorKernels.species("128")).isEqualTo(FloatVector.SPECIES_128);
        assertThat(VectorKernels.species(" 256 ")).isEqualTo(FloatVector.SPECIES_256);
        assertThat(VectorKernels.species("512")).isEqualTo(FloatVector.SPECIES_512);
    }

    @Test
    void otherWidthsAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> VectorKernels.species("1024")).hasMessageContaining("=1024").hasMessageContaining("128, 256 or 512");
    }

    /** The width this JVM's kernels run at (the pom reruns the class at 128, 256 and 512 bits). */
    @Test
    void theLoadedWidthIsTheOneAskedForAndItsEmulationIsReported() {
        String asked = System.getProperty(VectorKernels.BIT_SIZE_PROPERTY);
        int bits = asked == null ? VectorKernels.species(null).vectorBitSize() : Integer.parseInt(asked.trim());
        assertThat(VectorKernels.F.vectorBitSize()).isEqualTo(bits);
        assertThat(VectorKernels.L).isEqualTo(bits / 32);
        assertThat(VectorKernels.WIDE).isEqualTo(bits == 512);
        boolean emulated = bits > FloatVector.SPECIES_PREFERRED.vectorBitSize();
        assertThat(VectorKernels.emulated()).isEqualTo(emulated);
        assertThat(new VectorKernels().configuration().contains("emulated")).isEqualTo(emulated);
    }
}
