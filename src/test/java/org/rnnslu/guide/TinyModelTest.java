package org.rnnslu.guide;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnslu.io.FolderSwap;
import org.rnnslu.store.ModelFolder;

/**
 * data/tiny-model is exactly what {@link TinyModel} writes (regenerate with
 * {@code mvn test -Dtest=TinyModelTest -Drnnslu.regenerate=true}), and it loads.
 */
class TinyModelTest {

    @Test
    void committedTinyModelIsWhatTinyModelWrites(@TempDir Path tmp) throws IOException {
        if (Boolean.getBoolean("rnnslu.regenerate")) {
            TinyModel.write(TinyModel.COMMITTED);
        }
        Path fresh = tmp.resolve("tiny-model");
        TinyModel.write(fresh);
        List<String> names = files(fresh);
        assertThat(files(TinyModel.COMMITTED)).as("the files of " + TinyModel.COMMITTED).isEqualTo(names);
        for (String name : names) {
            assertThat(Files.readAllBytes(TinyModel.COMMITTED.resolve(name)))
                    .as(TinyModel.COMMITTED.resolve(name) + " differs from what TinyModel writes; regenerate it"
                            + " (-Drnnslu.regenerate=true)")
                    .isEqualTo(Files.readAllBytes(fresh.resolve(name)));
        }
        assertThat(ModelFolder.load(TinyModel.COMMITTED).params().dims).isEqualTo(TinyModel.DIMS);
    }

    @Test
    void tinyModelRowsHaveUnitLength() {
        float[] emb = TinyModel.contents().params().embeddings;
        for (int r = 0; r < emb.length / 2; r++) {
            assertThat(Math.hypot(emb[2 * r], emb[2 * r + 1])).as("row " + r).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(name -> !name.equals(FolderSwap.MARKER)) // its save id is new at every save
                    .sorted().toList();
        }
    }
}
