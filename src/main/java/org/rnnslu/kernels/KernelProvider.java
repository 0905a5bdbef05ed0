package org.rnnslu.kernels;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Locale;

/**
 * Chooses the kernels once per JVM, the way Lucene's VectorizationProvider does: scalar is the
 * default; the Panama implementation is loaded reflectively only when {@code jdk.incubator.vector}
 * is readable (the JVM was started with {@code --add-modules jdk.incubator.vector}) and the JIT is
 * C2. {@code -Drnnslu.kernels=scalar|vector} forces either. The vector kernels' width is the
 * hardware's widest (never an emulated one) unless {@code -Drnnslu.vectorBitSize=128|256|512}
 * forces one. The choice, width included, is reported once on stderr unless
 * {@code -Drnnslu.quiet=true}.
 */
public final class KernelProvider {

    public static final String PROPERTY = "rnnslu.kernels";
    /** Forces the vector kernels' width in bits (128, 256 or 512); read by the Panama kernels. */
    public static final String BIT_SIZE_PROPERTY = "rnnslu.vectorBitSize";
    static final String PANAMA_CLASS = "org.rnnslu.kernels.panama.VectorKernels";

    private static volatile Kernels chosen;

    private KernelProvider() {}

    /** The process-wide kernels, chosen on first use. */
    public static Kernels get() {
        Kernels k = chosen;
        if (k == null) {
            synchronized (KernelProvider.class) {
                if (chosen == null) {
                    chosen = choose(System.getProperty(PROPERTY, "auto"), true);
                }
                k = chosen;
            }
        }
        return k;
    }

    /**
     * Kernels by name: "scalar", "vector" or "auto". An unknown name, or "vector" when the module is
     * not readable, is an IllegalArgumentException (a bad setting, not a fault).
     */
    public static Kernels byName(String name) {
        return choose(name, false);
    }

    /** True when the Panama kernels can be loaded in this JVM. */
    public static boolean vectorAvailable() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    private static Kernels choose(String request, boolean log) {
        String mode = request.trim().toLowerCase(Locale.ROOT);
        switch (mode) {
            case "scalar":
                return logged(ScalarKernels.INSTANCE, "forced by -D" + PROPERTY + "=scalar", log);
            case "vector":
                if (!vectorAvailable()) {
                    throw new IllegalArgumentException(
                            "-D" + PROPERTY + "=vector needs the JVM flag --add-modules jdk.incubator.vector");
                }
                return logged(loadPanama(), "forced by -D" + PROPERTY + "=vector", log);
            case "auto":
                if (!vectorAvailable()) {
                    return logged(ScalarKernels.INSTANCE,
                            "jdk.incubator.vector is not readable; run java with --add-modules jdk.incubator.vector for SIMD kernels",
                            log);
                }
                if (!isC2()) {
                    return logged(ScalarKernels.INSTANCE, "the C2 compiler is off; the Vector API would be slow", log);
                }
                return logged(loadPanama(), "jdk.incubator.vector is readable", log);
            default:
                throw new IllegalArgumentException("-D" + PROPERTY + "=" + request + ": expected scalar, vector or auto");
        }
    }

    private static Kernels loadPanama() {
        checkBitSize(System.getProperty(BIT_SIZE_PROPERTY));
        try {
            Class<?> cls = Class.forName(PANAMA_CLASS);
            return (Kernels) MethodHandles.publicLookup()
                    .findConstructor(cls, MethodType.methodType(void.class))
                    .invoke();
        } catch (Throwable e) {
            throw new IllegalStateException("cannot load " + PANAMA_CLASS + ": " + e, e);
        }
    }

    /** A -Drnnslu.vectorBitSize the vector kernels cannot use is an error, not a silent default. */
    static void checkBitSize(String bits) {
        if (bits != null && !bits.trim().matches("128|256|512")) {
            throw new IllegalArgumentException("-D" + BIT_SIZE_PROPERTY + "=" + bits + ": expected 128, 256 or 512");
        }
    }

    /** -XX:TieredStopAtLevel=1 or -Xint leave no C2; the Vector API is then interpreted and very slow. */
    private static boolean isC2() {
        for (String arg : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.equals("-Xint") || arg.startsWith("-XX:TieredStopAtLevel=") && !arg.endsWith("=4")) {
                return false;
            }
        }
        return true;
    }

    private static Kernels logged(Kernels k, String why, boolean log) {
        if (log && !Boolean.getBoolean("rnnslu.quiet")) {
            String how = k.configuration();
            System.err.println("rnnslu: kernels " + k.name() + " (" + why + (how.isEmpty() ? "" : "; " + how) + ")");
        }
        return k;
    }
}
