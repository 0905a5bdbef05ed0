package org.rnnslu.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyValueLinesTest {

    private static final Path F = Path.of("f.txt");

    @Test
    void parseSkipsBlankAndCommentLinesAndTrims() {
        assertThat(KeyValueLines.parse(List.of("# c", "", " a = 1 ", "b=x=y"), F)).containsExactly(
                new KeyValueLines.Entry("a", "1", 3), new KeyValueLines.Entry("b", "x=y", 4));
        assertThatThrownBy(() -> KeyValueLines.parse(List.of("a=1", "garbage"), F))
                .isInstanceOf(InputException.class).hasMessage("f.txt:2: expected key=value, got: garbage");
    }

    @Test
    void parseStrictTakesLinesAsWritten() {
        assertThat(KeyValueLines.parseStrict(List.of("a= 1 ", "b="), F)).containsExactly(
                new KeyValueLines.Entry("a", " 1 ", 1), new KeyValueLines.Entry("b", "", 2));
    }

    @Test
    void parseStrictRefusesBlankLinesCommentsEmptyKeysAndRepeats() {
        assertThatThrownBy(() -> KeyValueLines.parseStrict(List.of("a=1", ""), F))
                .isInstanceOf(InputException.class).hasMessage("f.txt:2: expected key=value, got: ");
        assertThatThrownBy(() -> KeyValueLines.parseStrict(List.of("# c"), F))
                .hasMessage("f.txt:1: expected key=value, got: # c");
        assertThatThrownBy(() -> KeyValueLines.parseStrict(List.of("=1"), F))
                .hasMessage("f.txt:1: expected key=value, got no key: =1");
        assertThatThrownBy(() -> KeyValueLines.parseStrict(List.of("a=1", "b=2", "a=3"), F))
                .hasMessage("f.txt:3: a= appears twice");
    }
}
