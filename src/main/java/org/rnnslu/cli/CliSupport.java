package org.rnnslu.cli;

import org.rnnslu.inference.Decoding;
import org.rnnslu.kernels.KernelProvider;
import org.rnnslu.kernels.Kernels;

/** Small helpers shared by the commands. */
final class CliSupport {

    private CliSupport() {}

    /** --kernels auto|scalar|vector; "auto" is the process default (and -Drnnslu.kernels). */
    static Kernels kernels(String name) {
        switch (name) {
            case "auto":
                return KernelProvider.get();
            case "scalar":
            case "vector":
                if (name.equals("vector") && !KernelProvider.vectorAvailable()) {
                    throw new UsageException("--kernels vector needs the JVM flag --add-modules jdk.incubator.vector");
                }
                return KernelProvider.byName(name);
            default:
                throw new UsageException("--kernels takes auto, scalar or vector, got '" + name + "'");
        }
    }

    /** --decode argmax|viterbi, or {@code fallback} when absent. */
    static Decoding decoding(String command, Args a, Decoding fallback) {
        if (!a.has("decode")) {
            return fallback;
        }
        String v = a.get("decode", "");
        Decoding d = Decoding.parse(v);
        if (d == null) {
            throw new UsageException(command + ": --decode takes argmax or viterbi, got '" + v + "'");
        }
        return d;
    }
}
