package org.rnnslu.cli;

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
                try {
                    return KernelProvider.byName(name);
                } catch (IllegalStateException e) {
                    throw new UsageException("--kernels vector: " + e.getMessage());
                }
            default:
                throw new UsageException("--kernels takes auto, scalar or vector, got '" + name + "'");
        }
    }
}
