import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Two builds of the library timed side by side in one JVM, for a machine too noisy for separate
 * runs: each build's classes get their own class loader (and their own JIT-compiled code), then
 * the same {@link Op} of each runs in alternating 20 ms slices, 80 slices each. Slow spells of the
 * machine hit both builds alike, so the median of the per-slice ratios B/A is the number to read.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp OPS_DIR AB OP N CLASSES_A CLASSES_B</pre>
 *
 * <p>{@code -Dab.bits=WA,WB} gives each side its own vector width (rnnslu.vectorBitSize is set
 * before that side's kernels load): with the same build on both sides, one width against another.
 * {@code -Dab.warmup=S}: seconds of warm-up per side (default 1.5; more on a crowded machine, where
 * the JIT needs longer to reach C2).
 */
public class AB {
    static final int SLICES = 80;
    static final long SLICE_NANOS = 20_000_000L;

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: AB OP N CLASSES_A CLASSES_B");
            System.exit(2);
        }
        String op = args[0];
        int n = Integer.parseInt(args[1]);
        Path ops = Path.of(AB.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Runnable[] runs = new Runnable[2];
        String[] bits = System.getProperty("ab.bits", ",").split(",", -1);
        for (int i = 0; i < 2; i++) {
            if (!bits[i].isEmpty()) {
                System.setProperty("rnnslu.vectorBitSize", bits[i]); // read when this side's VectorKernels loads
            }
            URL[] urls = {Path.of(args[2 + i]).toUri().toURL(), ops.toUri().toURL()};
            ClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
            runs[i] = (Runnable) loader.loadClass("Op").getConstructor(String.class, int.class).newInstance(op, n);
        }
        for (Runnable r : runs) { // warm-up: the JIT compiles each build's kernels
            long end = System.nanoTime() + (long) (Double.parseDouble(System.getProperty("ab.warmup", "1.5")) * 1e9);
            while (System.nanoTime() < end) {
                r.run();
            }
        }
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        double[][] us = new double[2][SLICES];
        double[][] cpuUs = new double[2][SLICES]; // this thread's CPU time: what the other jobs of a crowded machine do not steal
        for (int s = 0; s < SLICES; s++) {
            for (int i = 0; i < 2; i++) {
                long start = System.nanoTime();
                long cpuStart = threads.getCurrentThreadCpuTime();
                long stop = start + SLICE_NANOS;
                int reps = 0;
                while (System.nanoTime() < stop) {
                    runs[i].run();
                    reps++;
                }
                us[i][s] = (System.nanoTime() - start) / 1e3 / reps;
                cpuUs[i][s] = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e3 / reps;
            }
        }
        System.out.printf("%s n=%d: A min %.2f median %.2f us, B min %.2f median %.2f us, B/A median of the slice ratios %.3f"
                        + " (thread CPU time: A median %.2f us, B %.2f us, B/A %.3f)%n",
                op, n, min(us[0]), median(us[0]), min(us[1]), median(us[1]), median(ratios(us)),
                median(cpuUs[0]), median(cpuUs[1]), median(ratios(cpuUs)));
    }

    static double[] ratios(double[][] us) {
        double[] ratio = new double[SLICES];
        for (int s = 0; s < SLICES; s++) {
            ratio[s] = us[1][s] / us[0][s];
        }
        return ratio;
    }

    static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }
}
