package org.rnnslu.guide;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Theano-to-Java table of docs/guide.md names only methods that exist: each row's last column
 * holds `package.Class.method` references (under org.rnnslu), each resolved by reflection.
 */
class GuideTableTest {

    static final Path GUIDE = Path.of("docs", "guide.md");
    static final Pattern REFERENCE = Pattern.compile("`([a-z]+(?:\\.[a-z]+)*)\\.([A-Z]\\w*)\\.(\\w+)`");

    @Test
    void everyJavaMethodInTheTableExists() throws IOException {
        List<String> rows = tableRows(Files.readAllLines(GUIDE, StandardCharsets.UTF_8));
        assertThat(rows).as("rows of the theano-java table in " + GUIDE).hasSizeGreaterThan(20);
        List<String> missing = new ArrayList<>();
        int references = 0;
        for (String row : rows) {
            String[] cells = row.split("\\|");
            String java = cells[cells.length - 1];
            Matcher m = REFERENCE.matcher(java);
            int inRow = 0;
            while (m.find()) {
                inRow++;
                if (!exists("org.rnnslu." + m.group(1) + "." + m.group(2), m.group(3))) {
                    missing.add(m.group(0) + " (row: " + cells[1].strip() + ")");
                }
            }
            assertThat(inRow).as("a Java method in the last column of: " + row).isPositive();
            references += inRow;
        }
        assertThat(missing).as("methods named in " + GUIDE + " that do not exist").isEmpty();
        assertThat(references).isGreaterThan(30);
    }

    @Test
    void aMethodThatDoesNotExistIsCaught() {
        assertThat(exists("org.rnnslu.model.Embedding", "forward")).isTrue();
        assertThat(exists("org.rnnslu.model.Embedding", "forwardz")).isFalse();
        assertThat(exists("org.rnnslu.model.Embeddingz", "forward")).isFalse();
    }

    /** The table's body rows: after the header and its |---| line, up to the closing marker. */
    static List<String> tableRows(List<String> lines) {
        int start = -1;
        int end = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("<!-- theano-java table")) {
                start = i;
            } else if (lines.get(i).startsWith("<!-- /theano-java table")) {
                end = i;
            }
        }
        assertThat(start).as("the table's opening marker").isGreaterThanOrEqualTo(0);
        assertThat(end).as("the table's closing marker").isGreaterThan(start);
        List<String> rows = new ArrayList<>(lines.subList(start + 3, end)); // marker, header, |---|
        assertThat(rows).allMatch(r -> r.startsWith("|") && r.endsWith("|"));
        return rows;
    }

    static boolean exists(String className, String method) {
        try {
            Class<?> c = Class.forName(className);
            return Arrays.stream(c.getDeclaredMethods()).map(Method::getName).anyMatch(method::equals);
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
