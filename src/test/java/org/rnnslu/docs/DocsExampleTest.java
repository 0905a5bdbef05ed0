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
        compile("TrainExample", source);

        Path model = tmp.resolve("model");
        String out = runMain(new String[] {"data", model.toString()});
        List<String> lines = out.lines().toList();
        assertThat(lines).anyMatch(l -> l.startsWith("NEW BEST: epoch 0 valid F1 "));
        assertThat(lines.get(lines.size() - 1)).matches("best epoch [0-4], test F1 \\d+\\.\\d\\d");
        assertThat(lines.get(lines.size() - 2).split(" ")).hasSize(5); // a label per word
        assertThat(Tagger.load(model).labels().size()).isGreaterThan(1); // the best model was saved
    }

    /** README's example: trains on data/ and prints each slot with its offsets and score, each word's probability. */
    @Test
    void theReadmeExampleTrainsOnDataAndTagsTextWithScores() throws Exception {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(m.find()).as("README.md has a ```java block").isTrue();
        String source = m.group(1);
        assertThat(source.lines().count()).as("README's example stays about 20 lines").isLessThanOrEqualTo(25);
        compile("QuickTagger", source);

        Path model = tmp.resolve("model");
        List<String> lines = runMain("QuickTagger", new String[] {"data", model.toString()}).lines().toList();
        // "fromloc.city_name = "Boston" [23, 29) p=0.987": the original text at its offsets, a probability
        String text = "I'd like a flight from Boston to N.Y. at 5pm, please";
        List<String> slots = lines.subList(0, lines.size() - 1);
        assertThat(slots).isNotEmpty();
        Pattern slot = Pattern.compile("(\\S+) = \"(.*)\" \\[(\\d+), (\\d+)\\) p=(\\d\\.\\d{3})");
        for (String line : slots) {
            Matcher s = slot.matcher(line);
            assertThat(s.matches()).as(line).isTrue();
            assertThat(text.substring(Integer.parseInt(s.group(3)), Integer.parseInt(s.group(4)))).isEqualTo(s.group(2));
            assertThat(Double.parseDouble(s.group(5))).isBetween(0.0, 1.0);
        }
        assertThat(slots).anyMatch(l -> l.contains("\"Boston\""));
        assertThat(lines.get(lines.size() - 1).split(" ")).allMatch(w -> w.matches(".+/\\S+/[01]\\.\\d\\d"));
        assertThat(Tagger.load(model).labels().size()).isGreaterThan(1);
    }

    private void compile(String name, String source) throws Exception {
        Path src = tmp.resolve(name + ".java");
        Files.writeString(src, source, StandardCharsets.UTF_8);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, "-d", tmp.toString(), "-cp",
                System.getProperty("java.class.path"), src.toString());
        assertThat(rc).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();
    }

    private String runMain(String[] args) throws Exception {
        return runMain("TrainExample", args);
    }

    private String runMain(String className, String[] args) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {tmp.toUri().toURL()}, getClass().getClassLoader())) {
            Method main = loader.loadClass(className).getMethod("main", String[].class);
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) args);
        } finally {
            System.setOut(saved);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
