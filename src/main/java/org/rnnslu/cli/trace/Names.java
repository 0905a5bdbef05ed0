package org.rnnslu.cli.trace;

import org.rnnslu.data.LabelSet;
import org.rnnslu.data.Vocabulary;
import org.rnnslu.model.Dims;
import org.rnnslu.model.Objective;
import org.rnnslu.model.Pooling;
import org.rnnslu.model.Task;
import org.rnnslu.store.ModelFolder;

/**
 * The model as the sections name it: its sizes, task and objective, its words, labels and embedding
 * rows by name, and the phrases for its pooling and objectives.
 */
final class Names {

    private final ModelFolder.Contents model;

    Names(ModelFolder.Contents model) {
        this.model = model;
    }

    Dims dims() {
        return model.params().dims;
    }

    Vocabulary vocabulary() {
        return model.vocabulary();
    }

    Task task() {
        return model.task();
    }

    /** What the model was trained with (model.txt). */
    Objective trainedWith() {
        return model.trainedWith();
    }

    LabelSet labels() {
        return model.labels();
    }

    /** The intent head's labels (an intent model's are its labels). */
    LabelSet intents() {
        return model.intents() != null ? model.intents() : model.labels();
    }

    /** "B-toloc.city_name (2)". */
    String label(int i) {
        return label(model.labels(), i);
    }

    static String label(LabelSet labels, int i) {
        return labels.label(i) + " (" + i + ")";
    }

    /** The word of index idx of a window, {@code <pad>} for -1 or ne. */
    String word(int idx) {
        return idx < 0 || idx == dims().ne() ? "<pad>" : model.vocabulary().word(idx);
    }

    /** "3 boston", or "4 padding" for row ne. */
    String embeddingRow(int row) {
        return row == dims().padRow() ? row + " padding" : row + " " + model.vocabulary().word(row);
    }

    /** What row t of the call stands for: the word typed, or the middle index of its window. */
    String row(Call call, int t) {
        if (call.words() != null) {
            return call.words()[t];
        }
        int cs = dims().cs();
        int mid = call.idxs()[t * cs + cs / 2];
        return word(mid) + " (" + mid + ")";
    }

    /** The intent head's input u. */
    static String pool(Pooling pool) {
        switch (pool) {
            case MEAN: return "u = mean_t h_t";
            case MAX: return "u = max_t h_t, unit by unit";
            default: return "u = h[n-1], the last step";
        }
    }

    /** The objective's loss, as the tutorial (or is13) writes it. */
    static String lossFormula(Objective o) {
        switch (o) {
            case PER_WORD: return "-T.mean(T.log(p)[T.arange(n), y])   = -mean_t log p[t, y_t]";
            case ALL_STEPS: return "-mean_t log p[t, y]   (one label y as the target of every row)";
            default: return "-T.log(s[-1, 0, :])[y]   = -log p[n-1, y]   (the last row only, is13's nll)";
        }
    }
}
