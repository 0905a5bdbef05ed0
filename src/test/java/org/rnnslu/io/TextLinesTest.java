package org.rnnslu.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextLinesTest {

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    @Test
    void overlongLineIsAnErrorNotAnOutOfMemoryError() throws IOException {
        Path f = Files.write(dir.resolve("big"), new byte[5000]);
        try (TextLines lines = TextLines.open(f, 1000)) {
            assertThatThrownBy(lines::next)
                    .isInstanceOf(InputException.class)
                    .hasMessage(f + ":1: line longer than 1000 bytes (not a text file?)");
        }
    }

    @Test
    void textLinesCountsLinesLikeAnEditor() throws IOException {
        assertThat(TextLines.readAll(write("a", "x\ny"))).containsExactly("x", "y");
        assertThat(TextLines.readAll(write("b", "x\n"))).containsExactly("x");
        assertThat(TextLines.readAll(write("c", "x\n\n"))).containsExactly("x", "");
        assertThat(TextLines.readAll(write("d", ""))).isEmpty();
        assertThat(TextLines.readAll(write("e", "x\r\n\r\n"))).containsExactly("x", "");
        assertThat(TextLines.tokens(" a\t b \u00a0c\u3000d ")).containsExactly("a", "b", "c", "d");
    }

    @Test
    void splitTakesItsGapsAndSharesEqualTokensThroughThePool() {
        assertThat(TextLines.split(" a\u00a0b\t c ", c -> c == ' ' || c == '\t', null)).containsExactly("a\u00a0b", "c");
        String[] t = TextLines.tokens(new String("x y x"), new java.util.HashMap<>());
        assertThat(t).containsExactly("x", "y", "x");
        assertThat(t[2]).isSameAs(t[0]);
    }
}
