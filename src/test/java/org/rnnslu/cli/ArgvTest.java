package org.rnnslu.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Arguments the locale could not decode: recovered from argv's bytes, or refused in one line. */
class ArgvTest {

    private static final byte[] ZURICH_UTF8 = "zürich".getBytes(StandardCharsets.UTF_8);
    /** What an ASCII sun.jnu.encoding makes of it: one U+FFFD per byte of ü. */
    private static final String ZURICH_ASCII = new String(ZURICH_UTF8, StandardCharsets.US_ASCII);

    @Test
    void argumentsTheLocaleMangledAreRecoveredFromTheirBytes() {
        List<byte[]> raw = List.of("java".getBytes(), "-cp".getBytes(), "x".getBytes(), "Main".getBytes(), "tag".getBytes(),
                ZURICH_UTF8);
        assertThat(ZURICH_ASCII).contains("\uFFFD");
        assertThat(Argv.recover(new String[] {"tag", ZURICH_ASCII}, raw, StandardCharsets.US_ASCII))
                .containsExactly("tag", "zürich");
    }

    @Test
    void cleanArgumentsAreLeftAlone() {
        String[] args = {"tag", "what?"};
        assertThat(Argv.recover(args)).isSameAs(args);
    }

    @Test
    void bytesThatAreNotUtf8OrNoRawArgvAreRefusedInOneLine() {
        byte[] latin1 = "zürich".getBytes(StandardCharsets.ISO_8859_1);
        String jvm = new String(latin1, StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> Argv.recover(new String[] {"tag", jvm}, List.of("tag".getBytes(), latin1),
                StandardCharsets.US_ASCII))
                .isInstanceOf(UsageException.class).hasMessageContaining("argument 2").hasMessageContaining("LC_ALL=C.UTF-8")
                .hasMessageContaining("stdin");
        assertThatThrownBy(() -> Argv.recover(new String[] {"tag", ZURICH_ASCII}, null, StandardCharsets.US_ASCII))
                .isInstanceOf(UsageException.class).hasMessageContaining("sun.jnu.encoding=US-ASCII");
    }

    @Test
    void rawArgumentsThatDoNotMatchAreNotUsed() {
        // argv's tail is not what the JVM got (another launcher): refuse rather than guess
        List<byte[]> raw = List.of("tag".getBytes(), "other".getBytes());
        assertThatThrownBy(() -> Argv.recover(new String[] {"tag", ZURICH_ASCII}, raw, StandardCharsets.US_ASCII))
                .isInstanceOf(UsageException.class);
    }
}
