package org.rnnslu.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rnnslu.io.AtomicFiles;
import org.rnnslu.io.InputException;
import org.rnnslu.io.TextLines;

/** The one-entry-a-line files words.txt and labels.txt: line i (1-based) is index i-1. */
final class IndexFile {

    private IndexFile() {}

    /**
     * Reads the entries strictly: an empty file, a blank line, whitespace inside or around an
     * entry, or a duplicate entry is an InputException naming the line.
     */
    static List<String> read(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        try (TextLines lines = TextLines.open(file)) {
            for (String s = lines.next(); s != null; s = lines.next()) {
                int n = lines.lineNumber();
                if (s.isEmpty()) {
                    throw new InputException(file, n, "blank line");
                }
                for (int i = 0; i < s.length(); i++) {
                    if (TextLines.isSeparator(s.charAt(i))) {
                        throw new InputException(file, n, (s.charAt(i) == '\t' ? "tab" : "whitespace")
                                + " in entry: " + InputException.clip(s.replace('\t', ' ')));
                    }
                }
                Integer first = seen.putIfAbsent(s, n);
                if (first != null) {
                    throw new InputException(file, n,
                            "duplicate entry " + InputException.clip(s) + " (first on line " + first + ")");
                }
                out.add(s);
            }
        }
        if (out.isEmpty()) {
            throw new InputException(file, 0, "empty file");
        }
        return out;
    }

    static void write(Path file, List<String> entries) throws IOException {
        AtomicFiles.writeLines(file, entries);
    }

    /** entry -> index; entries must be distinct and free of whitespace. */
    static Map<String, Integer> index(List<String> entries) {
        Map<String, Integer> m = new HashMap<>(entries.size() * 2);
        for (int i = 0; i < entries.size(); i++) {
            String e = entries.get(i);
            if (e.isEmpty()) {
                throw new IllegalArgumentException("empty entry at index " + i);
            }
            for (int j = 0; j < e.length(); j++) {
                if (TextLines.isSeparator(e.charAt(j))) {
                    throw new IllegalArgumentException("whitespace in entry " + i + ": " + e);
                }
            }
            if (m.putIfAbsent(e, i) != null) {
                throw new IllegalArgumentException("duplicate entry " + e);
            }
        }
        return m;
    }
}
