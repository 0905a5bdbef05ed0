package org.rnnslu.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnnslu.data.AtomicFiles;
import org.rnnslu.data.InputException;
import org.rnnslu.data.TextLines;
import org.rnnslu.io.FolderSwap;
import org.rnnslu.io.Manifest;
import org.rnnslu.io.ModelFolder;
import org.rnnslu.io.Npy;
import org.rnnslu.io.NpyArray;
import org.rnnslu.model.Dims;
import org.rnnslu.model.Params;

/**
 * A training run's state at an epoch boundary, so {@code train --resume} continues exactly where an
 * interrupted run stopped: the current parameters (.npy, as in a model folder) and {@code state.txt}
 * (next epoch, lr, best epoch and scores, the shuffling RNG's state and order, and a fingerprint of
 * the settings and data, which must match on resume). The best parameters are the model folder
 * itself. Written through {@link FolderSwap} like a model folder (its marker says kind=checkpoint).
 */
public final class Checkpoint {

    public static final String STATE = "state.txt";
    private static final int VERSION = 1;

    private Checkpoint() {}

    /** Where the checkpoint of a run writing its model to {@code modelDir} lives. */
    public static Path folderFor(Path modelDir) {
        Path abs = modelDir.toAbsolutePath().normalize();
        return abs.resolveSibling(abs.getFileName() + ".checkpoint");
    }

    public static void save(Path dir, Trainer.State st, String fingerprint) throws IOException {
        FolderSwap.replace(dir, FolderSwap.Kind.CHECKPOINT, tmp -> {
            Dims d = st.params.dims;
            for (String name : st.params.names()) {
                Npy.write(tmp.resolve(name + ".npy"), st.params.byName(name), Params.shapeOf(d, name));
            }
            List<String> lines = new ArrayList<>();
            lines.add("format_version=" + VERSION);
            lines.add("fingerprint=" + fingerprint);
            lines.add("next_epoch=" + st.nextEpoch);
            lines.add("lr=" + Double.toHexString(st.lr));
            lines.add("best_epoch=" + st.bestEpoch);
            lines.add("best_valid=" + Double.toHexString(st.bestScores.valid()));
            lines.add("best_valid_text=" + st.bestScores.validText());
            lines.add("best_test_text=" + st.bestScores.testText());
            lines.add("rng_state=" + st.rngState);
            lines.add("embeddings_normalized=" + st.embeddingsNormalized);
            lines.add("train_seconds=" + Double.toHexString(st.trainSeconds));
            lines.add("train_tokens=" + st.trainTokens);
            StringBuilder order = new StringBuilder();
            for (int i = 0; i < st.order.length; i++) {
                order.append(i == 0 ? "" : " ").append(st.order[i]);
            }
            lines.add("order=" + order);
            AtomicFiles.writeLines(tmp.resolve(STATE), lines);
        });
    }

    /**
     * Restores a run's state.
     *
     * @param best the best model so far (the run's model folder)
     */
    public static Trainer.State load(Path dir, Params best, String fingerprint) throws IOException {
        Path stateFile = dir.resolve(STATE);
        if (!Files.isRegularFile(stateFile)) {
            throw new InputException(stateFile, 0, "no checkpoint to resume from");
        }
        Manifest manifest = Manifest.read(dir);
        manifest.verify();
        manifest.require(STATE);
        Map<String, String> kv = new LinkedHashMap<>();
        List<String> lines = TextLines.readAll(stateFile);
        for (int i = 0; i < lines.size(); i++) {
            int eq = lines.get(i).indexOf('=');
            if (eq < 0) {
                throw new InputException(stateFile, i + 1, "expected key=value");
            }
            kv.put(lines.get(i).substring(0, eq), lines.get(i).substring(eq + 1));
        }
        try {
            if (!String.valueOf(VERSION).equals(kv.get("format_version"))) {
                throw new InputException(stateFile, 0, "format_version " + kv.get("format_version") + " is not supported");
            }
            if (!fingerprint.equals(kv.get("fingerprint"))) {
                throw new InputException(stateFile, 0, "was written by a run with other settings or data ("
                        + kv.get("fingerprint") + "); this run is " + fingerprint);
            }
            Params params = new Params(best.dims);
            for (String name : params.names()) {
                NpyArray a = Npy.read(manifest.require(name + ".npy"));
                if (a.data().length != params.byName(name).length) {
                    throw new InputException(dir.resolve(name + ".npy"), 0, "shape " + Npy.shapeRepr(a.shape())
                            + " differs from the model's " + Npy.shapeRepr(Params.shapeOf(best.dims, name)));
                }
                System.arraycopy(a.data(), 0, params.byName(name), 0, a.data().length);
            }
            String[] orderText = require(kv, "order", stateFile).split(" ");
            int[] order = new int[orderText.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = Integer.parseInt(orderText[i]);
            }
            Trainer.State st = new Trainer.State(params, order);
            st.best = best.copy();
            st.nextEpoch = Integer.parseInt(require(kv, "next_epoch", stateFile));
            st.lr = Double.parseDouble(require(kv, "lr", stateFile));
            st.bestEpoch = Integer.parseInt(require(kv, "best_epoch", stateFile));
            st.bestScores = new Trainer.Scores(Double.parseDouble(require(kv, "best_valid", stateFile)),
                    require(kv, "best_valid_text", stateFile), require(kv, "best_test_text", stateFile));
            st.rngState = Long.parseLong(require(kv, "rng_state", stateFile));
            st.embeddingsNormalized = Boolean.parseBoolean(require(kv, "embeddings_normalized", stateFile));
            st.trainSeconds = Double.parseDouble(require(kv, "train_seconds", stateFile));
            st.trainTokens = Long.parseLong(require(kv, "train_tokens", stateFile));
            return st;
        } catch (NumberFormatException e) {
            throw new InputException(stateFile, 0, "malformed number: " + e.getMessage());
        }
    }

    private static String require(Map<String, String> kv, String key, Path file) {
        String v = kv.get(key);
        if (v == null) {
            throw new InputException(file, 0, "missing " + key + "=");
        }
        return v;
    }
}
