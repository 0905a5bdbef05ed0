package org.rnnslu.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.rnnslu.kernels.KernelProvider;
import org.rnnslu.kernels.Kernels;
import org.rnnslu.model.Architecture;
import org.rnnslu.model.Dims;
import org.rnnslu.model.Network;
import org.rnnslu.model.Objective;
import org.rnnslu.model.Params;

/**
 * CPU time per training word of the Elman, bidirectional, Jordan and hybrid networks at the
 * tutorial's ATIS sizes (ne 572, de 50, cs 7, nh 200, nc 127), {@code Network.trainStep} on 11-word
 * sentences, the four alternated round by round in one JVM. Thread CPU time, not wall time, so other programs on
 * a shared machine cost little; the first round is warm-up and left out of the median.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar org.rnnslu.bench.RecurrenceCpuTime [ROUNDS [STEPS]]
 * </pre>
 */
public final class RecurrenceCpuTime {

    private static final int WORDS = 11;

    private RecurrenceCpuTime() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        Kernels k = KernelProvider.get();
        Architecture[] archs = {Architecture.TUTORIAL, Architecture.TUTORIAL.withDirection(Architecture.Direction.BI),
            Architecture.TUTORIAL.withRecurrence(Architecture.Recurrence.JORDAN),
            Architecture.TUTORIAL.withRecurrence(Architecture.Recurrence.HYBRID)};
        Network[] nets = new Network[archs.length];
        for (int i = 0; i < archs.length; i++) {
            nets[i] = new Network(Params.initialise(new Dims(572, 50, 7, 200, 127).withArch(archs[i]), 345), k);
        }
        int[][] words = new int[64][WORDS];
        int[][] labels = new int[64][WORDS];
        SplittableRandom rnd = new SplittableRandom(1);
        for (int s = 0; s < words.length; s++) {
            for (int t = 0; t < WORDS; t++) {
                words[s][t] = rnd.nextInt(572);
                labels[s][t] = rnd.nextInt(127);
            }
        }
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        double[][] micros = new double[archs.length][rounds]; // CPU µs per training word
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < archs.length; i++) {
                long start = cpu.getCurrentThreadCpuTime();
                for (int s = 0; s < steps; s++) {
                    nets[i].trainStep(words[s & 63], labels[s & 63], -1, WORDS, Objective.PER_WORD, 1e-6f);
                }
                micros[i][round] = (cpu.getCurrentThreadCpuTime() - start) / 1e3 / ((double) steps * WORDS);
            }
        }
        System.out.println("kernels " + k.name() + ", " + (rounds - 1) + " rounds of " + steps + " steps after one of warm-up");
        for (int i = 0; i < archs.length; i++) {
            double[] v = Arrays.copyOfRange(micros[i], 1, rounds);
            Arrays.sort(v);
            System.out.printf(Locale.ROOT, "%-10s %-8s CPU us per training word: median %.2f, range %.2f .. %.2f%n",
                    archs[i].recurrence().id(), archs[i].direction().id(), v[v.length / 2], v[0], v[v.length - 1]);
        }
    }
}
