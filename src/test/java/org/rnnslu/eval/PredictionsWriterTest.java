package org.rnnslu.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictionsWriterTest {

    @TempDir
    Path dir;

    @Test
    void writesConllevalInput() throws IOException {
        Path f = dir.resolve("current.test.txt");
        Files.writeString(f, "old content");
        PredictionsWriter.write(f,
                List.of(new String[] {"from", "boston"}, new String[] {"hi"}),
                List.of(new String[] {"O", "B-city"}, new String[] {"O"}),
                List.of(new String[] {"O", "O"}, new String[] {"B-x"}));
        assertThat(Files.readString(f)).isEqualTo("from O O\nboston B-city O\n\nhi O B-x\n\n");
        assertThat(dir.toFile().list()).containsExactly("current.test.txt");
    }

    @Test
    void rejectsMisalignedOrUnsplittableFields() {
        Path f = dir.resolve("p.txt");
        assertThatThrownBy(() -> PredictionsWriter.write(f, List.<String[]>of(new String[] {"a"}),
                List.<String[]>of(new String[] {"O", "O"}), List.<String[]>of(new String[] {"O"})))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PredictionsWriter.write(f, List.<String[]>of(new String[] {"a b"}),
                List.<String[]>of(new String[] {"O"}), List.<String[]>of(new String[] {"O"})))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Files.exists(f)).isFalse();
    }
}
