package org.rnnslu.cli.trace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.rnnslu.io.AtomicFiles;
import org.rnnslu.io.FolderSwap;
import org.rnnslu.io.Npy;
import org.rnnslu.model.Activations;
import org.rnnslu.model.Dims;
import org.rnnslu.model.Gradients;
import org.rnnslu.model.Param;

/**
 * {@code --dump DIR}: a step's intermediates and gradients, from before the update, as .npy files
 * (and loss.txt) for numpy, in a folder swapped in whole like a model's.
 */
final class DumpFolder {

    private DumpFolder() {}

    static void write(Report out, Path dir, Step s) throws IOException {
        Dims d = s.before.dims;
        // a folder swap like a model's: a folder that is not an rnnslu dump (and not empty) is refused
        FolderSwap.replace(dir, FolderSwap.Kind.TRACE, tmp -> files(tmp, s));
        out.line("dumped to " + dir + ": idxs.npy x.npy h.npy" + (d.bidirectional() ? " hb.npy" : "") + " s.npy"
                + (d.hasIntentHead() ? " q.npy" : "")
                + " y_pred.npy grad_*.npy loss.txt (before the update; idxs and y_pred as float64 holding integers)");
    }

    private static void files(Path dir, Step s) throws IOException {
        Dims d = s.before.dims;
        int n = s.n();
        Activations act = s.act;
        Npy.writeDouble(dir.resolve("idxs.npy"), asDoubles(act.idxs, n * d.cs()), n, d.cs());
        Npy.write(dir.resolve("x.npy"), Arrays.copyOf(act.x, n * d.inputDim()), n, d.inputDim());
        Npy.write(dir.resolve("h.npy"), Arrays.copyOf(act.h, n * d.nh()), n, d.nh());
        if (d.bidirectional()) {
            Npy.write(dir.resolve("hb.npy"), Arrays.copyOf(act.hb, n * d.nh()), n, d.nh());
        }
        Npy.write(dir.resolve("s.npy"), Arrays.copyOf(act.p, n * d.nc()), n, 1, d.nc());
        if (d.hasIntentHead()) {
            Npy.write(dir.resolve("q.npy"), Arrays.copyOf(act.q, d.ni()), d.ni());
        }
        Npy.writeDouble(dir.resolve("y_pred.npy"), asDoubles(s.predicted(), n), n);
        Gradients g = s.grads;
        for (Param param : Param.of(d)) {
            Npy.write(dir.resolve("grad_" + param.fileName() + ".npy"), g.get(param), param.shape(d));
        }
        AtomicFiles.writeLines(dir.resolve("loss.txt"), List.of(String.format(Locale.ROOT, "%.9g", s.loss)));
    }

    /** The first len integers as float64 (numpy's default dtype), exact.   [len] */
    private static double[] asDoubles(int[] a, int len) {
        double[] out = new double[len];
        for (int i = 0; i < len; i++) {
            out[i] = a[i];
        }
        return out;
    }
}
