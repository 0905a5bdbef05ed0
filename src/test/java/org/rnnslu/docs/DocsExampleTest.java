package org.rnnslu.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnslu.Tagger;

/** The Java example of docs/library.md, compiled and run as it is written there. */
class DocsExampleTest {

    @TempDir
    Path tmp;

    @Test
    void theLibraryExampleCompilesTrainsSavesAndScores() throws Exception {
        String doc = Files.readString(Path.of("docs", "library.md"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertThat(m.find()).as("docs/library.md has a ```java block").isTrue();
        String source = m.group(1);
        assertThat(source.lines().count()).as("the example stays short").isLessThanOrEqualTo(30);
        Path src = tmp.resolve("TrainExample.java");
        Files.writeString(src, source, StandardCharsets.UTF_8);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, "-d", tmp.toString(), "-cp",
                System.getProperty("java.class.path"), src.toString());
        assertThat(rc).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();

        Path model = tmp.resolve("model");
        String out = runMain(new String[] {"data", model.toString()});
        List<String> lines = out.lines().toList();
        assertThat(lines).anyMatch(l -> l.startsWith("NEW BEST: epoch 0 valid F1 "));
        assertThat(lines.get(lines.size() - 1)).matches("best epoch [0-4], test F1 \\d+\\.\\d\\d");
        assertThat(lines.get(lines.size() - 2).split(" ")).hasSize(5); // a label per word
        assertThat(Tagger.load(model).labels().size()).isGreaterThan(1); // the best model was saved
    }

    private String runMain(String[] args) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {tmp.toUri().toURL()}, getClass().getClassLoader())) {
            Method main = loader.loadClass("TrainExample").getMethod("main", String[].class);
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) args);
        } finally {
            System.setOut(saved);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
