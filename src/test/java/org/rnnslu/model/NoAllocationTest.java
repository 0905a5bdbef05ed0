package org.rnnslu.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.rnnslu.kernels.KernelProvider;
import org.rnnslu.kernels.Kernels;
import org.rnnslu.kernels.panama.Widths;

/**
 * Once the JIT has compiled the vector kernels, a training step allocates nothing. A Vector API
 * value that C2 cannot keep in a register is boxed (an object per call: kilobytes per step), and
 * whether that happens can depend on the shape of a kernel and on the JVM (it did, on JDK 17, in
 * some JVMs and not others). Not a timing test: the steps run until the allocation per step falls
 * below the limit, for at most {@link #PATIENCE_NANOS}; code that boxes never gets there. The pom
 * reruns it at -Drnnslu.vectorBitSize=256 and 512; a width the CPU lacks is skipped. The steps
 * without dropout run first: in JUnit's default method order, once this class had its dropout
 * cases, the plain mini-batch step kept allocating (~7 MB a step after 40 s) in the JVM of the
 * whole suite; alone, or before the dropout cases, it settles.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NoAllocationTest {

    /** A boxed 8-lane vector is ~48 bytes; a boxing kernel allocates it per call, tens of calls a step. */
    static final long LIMIT_BYTES_PER_STEP = 256;
    static final long PATIENCE_NANOS = 40_000_000_000L;

    @Test
    @Order(1)
    void aTrainingStepAllocatesNothingOnceCompiled() {
        Network net = network(127); // 127 labels: the kernels' column and dot-product tails run too
        int[] words = new int[11];
        int[] labels = new int[11];
        fill(words, labels, net.params.dims, new SplittableRandom(11));
        assertSettlesBelowLimit("trainStep", () -> net.trainStep(words, labels, -1, words.length, Objective.PER_WORD, 1e-6f));
    }

    @Test
    @Order(2)
    void anIs13SentenceAllocatesNothingOnceCompiled() {
        Network net = network(127);
        int[] words = new int[14];
        int[] labels = new int[14];
        fill(words, labels, net.params.dims, new SplittableRandom(13));
        assertSettlesBelowLimit("trainBpttSentence(14 words, bs 9)",
                () -> net.trainBpttSentence(words, labels, words.length, 9, Objective.LAST_STEP, 1e-6f) / 14);
    }

    @Test
    @Order(3)
    void aMiniBatchStepAllocatesNothingOnceCompiled() {
        Network net = network(120);
        int[][] words = new int[16][];
        int[][] labels = new int[16][];
        int[] order = new int[16];
        SplittableRandom rnd = new SplittableRandom(7);
        for (int s = 0; s < 16; s++) {
            int n = 7 + rnd.nextInt(9);
            words[s] = new int[n];
            labels[s] = new int[n];
            fill(words[s], labels[s], net.params.dims, rnd);
            order[s] = s;
        }
        assertSettlesBelowLimit("trainBatch(16)",
                () -> net.trainBatch(words, labels, null, order, 0, 16, Objective.PER_WORD, 1e-6f));
    }

    /** With dropout on x and on h: drawing and applying the masks allocates nothing either, per sentence or per batch. */
    @Test
    @Order(5)
    void aDropoutStepAllocatesNothingOnceCompiled() {
        Network net = network(127);
        net.useDropout(new Dropout(0.25, 0.25, 345)); // on x and on the hidden states the output reads
        net.dropoutEpoch(3);
        int[] words = new int[11];
        int[] labels = new int[11];
        fill(words, labels, net.params.dims, new SplittableRandom(11));
        assertSettlesBelowLimit("dropout trainStep", () -> net.trainStep(5, words, labels, -1, words.length, Objective.PER_WORD, 1e-6f));
        int[][] batch = new int[8][];
        int[][] batchLabels = new int[8][];
        int[] order = new int[8];
        SplittableRandom rnd = new SplittableRandom(7);
        for (int s = 0; s < 8; s++) {
            batch[s] = new int[5 + rnd.nextInt(9)];
            batchLabels[s] = new int[batch[s].length];
            fill(batch[s], batchLabels[s], net.params.dims, rnd);
            order[s] = 7 - s;
        }
        assertSettlesBelowLimit("dropout trainBatch(8)",
                () -> net.trainBatch(batch, batchLabels, null, order, 0, 8, Objective.PER_WORD, 1e-6f));
    }

    /** The bidirectional, the Jordan and the hybrid network: a sentence and a mini-batch step each. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"bi", "jordan", "hybrid"})
    @Order(4)
    void theOtherRecurrencesStepsAllocateNothingOnceCompiled(String which) {
        Network probe = network(127); // the assumptions
        Architecture arch = switch (which) {
            case "bi" -> GradientCheckTest.BI;
            case "jordan" -> GradientCheckTest.JORDAN;
            default -> GradientCheckTest.HYBRID;
        };
        Network net = new Network(Params.initialise(new Dims(572, 50, 7, 200, 127).withArch(arch), 345), probe.kernels());
        int[] words = new int[11];
        int[] labels = new int[11];
        fill(words, labels, net.params.dims, new SplittableRandom(11));
        assertSettlesBelowLimit(which + " trainStep", () -> net.trainStep(words, labels, -1, words.length, Objective.PER_WORD, 1e-6f));
        int[][] batch = new int[8][];
        int[][] batchLabels = new int[8][];
        int[] order = new int[8];
        SplittableRandom rnd = new SplittableRandom(7);
        for (int s = 0; s < 8; s++) {
            batch[s] = new int[5 + rnd.nextInt(9)];
            batchLabels[s] = new int[batch[s].length];
            fill(batch[s], batchLabels[s], net.params.dims, rnd);
            order[s] = s;
        }
        assertSettlesBelowLimit(which + " trainBatch(8)",
                () -> net.trainBatch(batch, batchLabels, null, order, 0, 8, Objective.PER_WORD, 1e-6f));
    }

    private static Network network(int nc) {
        assumeTrue(KernelProvider.vectorAvailable(), "jdk.incubator.vector is not readable: nothing to check");
        assumeTrue(threadBean() != null, "this JVM does not count allocated bytes per thread");
        Kernels k = KernelProvider.byName("vector");
        assumeTrue(!Widths.emulated(), k.name() + " is emulated on this CPU: its vectors are objects, nothing to check");
        assumeTrue(!Widths.forcedToTheDefault(), Widths.coveredByTheDefaultRun());
        return new Network(Params.initialise(new Dims(572, 50, 7, 200, nc), 345), k);
    }

    private static void fill(int[] words, int[] labels, Dims d, SplittableRandom rnd) {
        for (int t = 0; t < words.length; t++) {
            words[t] = rnd.nextInt(d.ne());
            labels[t] = rnd.nextInt(d.nc());
        }
    }

    /** Runs rounds of 200 steps until one allocates less than the limit per step. */
    private static void assertSettlesBelowLimit(String what, Supplier<Double> step) {
        com.sun.management.ThreadMXBean bean = threadBean();
        long thread = Thread.currentThread().getId();
        long deadline = System.nanoTime() + PATIENCE_NANOS;
        long perStep;
        do {
            long before = bean.getThreadAllocatedBytes(thread);
            for (int i = 0; i < 200; i++) {
                step.get();
            }
            perStep = (bean.getThreadAllocatedBytes(thread) - before) / 200;
        } while (perStep >= LIMIT_BYTES_PER_STEP && System.nanoTime() < deadline);
        assertThat(perStep)
                .as("%s still allocates %d bytes a step after %d s: a vector is being boxed (bench/README: -prof gc)",
                        what, perStep, PATIENCE_NANOS / 1_000_000_000L)
                .isLessThan(LIMIT_BYTES_PER_STEP);
    }

    private static com.sun.management.ThreadMXBean threadBean() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean) {
            com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            return bean.isThreadAllocatedMemorySupported() && bean.isThreadAllocatedMemoryEnabled() ? bean : null;
        }
        return null;
    }
}
