package org.rnnslu.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines of a key=value file (model.txt, recipe.properties, tokenizer.properties): blank lines
 * and lines starting with '#' skipped, spaces around key and value trimmed, a line without '=' an
 * {@link InputException} naming the file and line. What the keys mean, and whether one may repeat,
 * is the reader's.
 */
public final class KeyValueLines {

    private KeyValueLines() {}

    /** One key=value line; {@code line} counts from 1. */
    public record Entry(String key, String value, int line) {}

    /** The entries of the lines, in order (line i of the list is line i+1 of {@code file}, named in messages). */
    public static List<Entry> parse(List<String> lines, Path file) {
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String s = lines.get(i).strip();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            int eq = s.indexOf('=');
            if (eq < 0) {
                throw new InputException(file, i + 1, "expected key=value, got: " + Readers.clip(s));
            }
            out.add(new Entry(s.substring(0, eq).strip(), s.substring(eq + 1).strip(), i + 1));
        }
        return out;
    }
}
