package org.rnnslu.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rnnslu.data.LabelSet;
import org.rnnslu.data.Vocabulary;

/**
 * A trained model as a value: what training returns, a model folder holds and a tagger wraps.
 *
 * @param params the network's parameters (the caller's; copy them before changing either side)
 * @param vocabulary the words the model knows, with the preprocessing that reads raw words
 * @param labels the classes of the per-word softmax (slot labels; the intents for an intent model)
 * @param intents the intent head's labels (a joint model, or an intent model with a head), else null
 * @param task what the model predicts
 * @param recipe the settings that trained it, as {@code key=value} pairs in a fixed order (empty when
 *     unknown, e.g. a folder written before models recorded them)
 */
public record Model(Params params, Vocabulary vocabulary, LabelSet labels, LabelSet intents, Task task,
                    Map<String, String> recipe) {

    public Model {
        if (params == null || vocabulary == null || labels == null || task == null) {
            throw new IllegalArgumentException("a model needs its params, vocabulary, labels and task");
        }
        if (params.dims.hasIntentHead() && (intents == null || intents.size() != params.dims.ni())) {
            throw new IllegalArgumentException("a model with an intent head needs its " + params.dims.ni() + " intent labels");
        }
        recipe = recipe == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(recipe));
    }

    /** A model whose recipe is not known. */
    public Model(Params params, Vocabulary vocabulary, LabelSet labels, LabelSet intents, Task task) {
        this(params, vocabulary, labels, intents, task, Map.of());
    }

    public Dims dims() {
        return params.dims;
    }
}
