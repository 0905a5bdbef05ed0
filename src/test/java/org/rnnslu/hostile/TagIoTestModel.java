package org.rnnslu.hostile;

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

/** A tiny random slot model (words to, boston, zürich, flights) for the process-level tests. */
final class TagIoTestModel {

    private TagIoTestModel() {}

    /** Saves it under {@code dir}/model and returns that folder. */
    static Path path(Path dir) throws IOException {
        Vocabulary vocab = Vocabulary.of(List.of("<UNK>", "to", "boston", "DIGIT", "zürich", "flights"), Preprocessing.DEFAULT);
        LabelSet labels = LabelSet.of(List.of("B-toloc.city_name", "O"));
        Path model = dir.resolve("model");
        ModelFolder.save(model, new ModelFolder.Contents(Params.initialise(new Dims(6, 4, 3, 5, 2), 5), vocab, labels,
                Task.SLOTS));
        return model;
    }
}
