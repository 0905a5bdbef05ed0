package org.rnnslu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of src/main/java and src/tools/java depend on each other without a cycle, and {@code
 * org.rnnslu.io} (file infrastructure) on none of them. A dependency is any mention of a class of
 * another org.rnnslu package in code (an import, a static import, a fully qualified name); comments
 * and string literals do not count. (That the library names no tool the build itself checks:
 * src/main/java is compiled without src/tools/java.)
 */
class PackageGraphTest {

    private static final Path LIBRARY = Path.of("src/main/java");
    private static final Path TOOLS = Path.of("src/tools/java");
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    /** {@code org.rnnslu.a.b.Type} or {@code org.rnnslu.a.b.*}: group 1 is the package. */
    private static final Pattern REFERENCE = Pattern.compile("\\b(org\\.rnnslu(?:\\.[a-z][a-z0-9_]*)*)\\.(?:[A-Z]|\\*)");
    private static final Pattern COMMENT_OR_STRING = Pattern.compile(
            "/\\*.*?\\*/|//[^\\n]*|\"\"\"(?:\\\\.|[^\\\\])*?\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])+'",
            Pattern.DOTALL);

    @Test
    void packagesHaveNoCycle() throws IOException {
        Map<String, Set<String>> graph = graph(LIBRARY, TOOLS);
        assertThat(graph).as("packages read from " + LIBRARY.toAbsolutePath()).hasSizeGreaterThan(10);
        assertThat(graph.get("org.rnnslu.data")).as("data's dependencies").contains("org.rnnslu.io");
        assertThat(cycle(graph)).as("a cycle between packages").isEmpty();
    }

    @Test
    void ioDependsOnNoOtherPackage() throws IOException {
        assertThat(graph(LIBRARY).get("org.rnnslu.io")).as("what org.rnnslu.io uses of the project").isEmpty();
    }

    /** package -> the other org.rnnslu packages its code names, over the sources under {@code roots}. */
    static Map<String, Set<String>> graph(Path... roots) throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        List<Path> files = new ArrayList<>();
        for (Path root : roots) {
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(p -> p.toString().endsWith(".java")).forEach(files::add);
            }
        }
        for (Path f : files) {
            String code = COMMENT_OR_STRING.matcher(Files.readString(f)).replaceAll(" ");
            Matcher pkg = PACKAGE.matcher(code);
            if (!pkg.find()) {
                continue;
            }
            Set<String> uses = graph.computeIfAbsent(pkg.group(1), k -> new TreeSet<>());
            Matcher ref = REFERENCE.matcher(code.substring(pkg.end()));
            while (ref.find()) {
                if (!ref.group(1).equals(pkg.group(1))) {
                    uses.add(ref.group(1));
                }
            }
        }
        return graph;
    }

    /** One cycle as the packages along it (the first repeated at the end), or empty when there is none. */
    static List<String> cycle(Map<String, Set<String>> graph) {
        Map<String, Integer> state = new TreeMap<>(); // absent: unseen, 1: on the path, 2: done
        for (String start : graph.keySet()) {
            Deque<String> path = new ArrayDeque<>();
            List<String> found = visit(start, graph, state, path);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    private static List<String> visit(String p, Map<String, Set<String>> graph, Map<String, Integer> state,
                                      Deque<String> path) {
        Integer s = state.get(p);
        if (s != null && s == 2) {
            return List.of();
        }
        if (s != null) { // on the path: the path from p's first visit to here is a cycle
            List<String> out = new ArrayList<>();
            boolean in = false;
            for (java.util.Iterator<String> it = path.descendingIterator(); it.hasNext(); ) {
                String q = it.next();
                in |= q.equals(p);
                if (in) {
                    out.add(q);
                }
            }
            out.add(p);
            return out;
        }
        state.put(p, 1);
        path.push(p);
        for (String q : graph.getOrDefault(p, Set.of())) {
            List<String> found = visit(q, graph, state, path);
            if (!found.isEmpty()) {
                return found;
            }
        }
        path.pop();
        state.put(p, 2);
        return List.of();
    }
}
