package org.rnnslu.guide;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.rnnslu.cli.Main;

/**
 * docs/guide-worked-example.md is, below its marker line, exactly what {@link #COMMAND} prints on
 * data/tiny-model, so the page cannot drift from the code. Regenerate it with
 * {@code mvn test -Dtest=WorkedExampleTest -Drnnslu.regenerate=true}.
 */
class WorkedExampleTest {

    static final Path PAGE = Path.of("docs", "guide-worked-example.md");
    static final String[] COMMAND = {"trace", "--model", "data/tiny-model", "--words", TinyModel.WORDS, "--labels",
            TinyModel.LABELS, "--full", "--markdown", "--kernels", "scalar"};
    static final String MARKER = "<!-- everything below is the output of: rnnslu " + commandLine()
            + " (WorkedExampleTest regenerates it and compares) -->";

    @Test
    void pageIsTheOutputOfTraceOnTheTinyModel() throws IOException {
        String generated = generate();
        String page = Files.readString(PAGE, StandardCharsets.UTF_8);
        int at = page.indexOf(MARKER);
        if (Boolean.getBoolean("rnnslu.regenerate")) {
            String head = at < 0 ? page : page.substring(0, at);
            Files.writeString(PAGE, head + MARKER + "\n\n" + generated, StandardCharsets.UTF_8);
            page = Files.readString(PAGE, StandardCharsets.UTF_8);
            at = page.indexOf(MARKER);
        }
        assertThat(at).as(PAGE + " has the marker line " + MARKER).isGreaterThanOrEqualTo(0);
        assertThat(page.substring(at + MARKER.length() + 2))
                .as(PAGE + " differs from the output of trace; regenerate it (-Drnnslu.regenerate=true)")
                .isEqualTo(generated);
    }

    @Test
    void exampleShowsEveryStepOfTheCall() throws IOException {
        String generated = generate();
        assertThat(generated).contains("x[0] = emb[-1] ++ emb[3] ++ emb[1]").contains("h[1] = sigmoid(a[1])")
                .contains("dz[1] = weight * (p[1] - onehot(y=2))").contains("da[0] = dh[0] * h[0] * (1 - h[0])")
                .contains("dhNext = da[0] . wh^T").contains("dwx += x[0]^T . da[0]").contains("demb[-1] += dx[0][0:2]")
                .contains("wx after =").contains("after normalize 1.000000");
    }

    static String generate() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(COMMAND, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String commandLine() {
        StringBuilder sb = new StringBuilder();
        for (String a : COMMAND) {
            sb.append(sb.length() == 0 ? "" : " ").append(a.contains(" ") ? "\"" + a + "\"" : a);
        }
        return sb.toString();
    }
}
