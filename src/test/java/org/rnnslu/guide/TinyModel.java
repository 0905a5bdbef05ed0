package org.rnnslu.guide;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.rnnslu.data.LabelSet;
import org.rnnslu.data.Preprocessing;
import org.rnnslu.data.Vocabulary;
import org.rnnslu.store.ModelFolder;
import org.rnnslu.model.Dims;
import org.rnnslu.model.Params;
import org.rnnslu.model.Task;

/**
 * data/tiny-model: the guide's worked example, a network small enough to run by hand (ne 4, de 2,
 * cs 3, nh 2, nc 3) with one-decimal weights and unit-length embedding rows (3-4-5 triangles), as
 * every row is after the first normalize(). Written by {@link ModelFolder#save}; {@code TinyModelTest}
 * checks the committed folder is exactly this.
 */
public final class TinyModel {

    public static final Path COMMITTED = Path.of("data", "tiny-model");
    public static final Dims DIMS = new Dims(4, 2, 3, 2, 3);
    /** The worked example's call: a 2-word sentence and its labels. */
    public static final String WORDS = "to boston";
    public static final String LABELS = "O B-toloc.city_name";

    private TinyModel() {}

    public static ModelFolder.Contents contents() {
        Params p = new Params(DIMS);
        set(p.embeddings,
                0.6f, 0.8f,    // 0 <UNK>
                0.8f, -0.6f,   // 1 boston
                -0.6f, 0.8f,   // 2 from
                0.28f, 0.96f,  // 3 to
                1.0f, 0.0f);   // 4 padding (index -1)
        set(p.wx,
                0.1f, -0.2f,
                0.2f, 0.1f,
                -0.3f, 0.2f,
                0.1f, 0.3f,
                0.2f, -0.1f,
                -0.1f, 0.2f);
        set(p.wh,
                0.5f, -0.2f,
                0.1f, 0.4f);
        set(p.w,
                0.3f, -0.4f, 0.2f,
                -0.2f, 0.1f, 0.5f);
        set(p.bh, 0.1f, -0.1f);
        set(p.b, 0.2f, 0.0f, -0.2f);
        set(p.h0, 0.5f, 0.5f);
        Vocabulary vocab = Vocabulary.of(List.of(Vocabulary.UNK, "boston", "from", "to"), Preprocessing.DEFAULT);
        LabelSet labels = LabelSet.of(List.of("O", "B-fromloc.city_name", "B-toloc.city_name"));
        return new ModelFolder.Contents(p, vocab, labels, Task.SLOTS);
    }

    public static void write(Path dir) throws IOException {
        ModelFolder.save(dir, contents());
    }

    private static void set(float[] dst, float... values) {
        if (values.length != dst.length) {
            throw new IllegalArgumentException(values.length + " values for " + dst.length);
        }
        System.arraycopy(values, 0, dst, 0, values.length);
    }
}
