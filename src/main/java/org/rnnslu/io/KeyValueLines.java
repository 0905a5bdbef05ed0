package org.rnnslu.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The lines of a key=value file, read in one of two modes. {@link #parse}, for files a person may
 * edit (model.txt, recipe.properties, tokenizer.properties): blank lines and lines starting with '#'
 * skipped, spaces around key and value trimmed; what the keys mean, and whether one may repeat, is
 * the caller's. {@link #parseStrict}, for a file only rnnslu writes and reads back bit for bit (a
 * checkpoint's state.txt): every line is key=value exactly as written, and each key appears once.
 * A line that breaks the mode's rules is an {@link InputException} naming the file and line.
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
            int eq = equalsSign(s, file, i + 1);
            out.add(new Entry(s.substring(0, eq).strip(), s.substring(eq + 1).strip(), i + 1));
        }
        return out;
    }

    /**
     * The entries of lines that are each {@code key=value} as written: no blank line, no comment,
     * nothing trimmed, the key not empty and never repeated ({@code key= appears twice}).
     */
    public static List<Entry> parseStrict(List<String> lines, Path file) {
        List<Entry> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String s = lines.get(i);
            int eq = equalsSign(s, file, i + 1);
            if (eq == 0) {
                throw new InputException(file, i + 1, "expected key=value, got no key: " + InputException.clip(s));
            }
            String key = s.substring(0, eq);
            if (!seen.add(key)) {
                throw new InputException(file, i + 1, key + "= appears twice");
            }
            out.add(new Entry(key, s.substring(eq + 1), i + 1));
        }
        return out;
    }

    private static int equalsSign(String s, Path file, int line) {
        int eq = s.indexOf('=');
        if (eq < 0) {
            throw new InputException(file, line, "expected key=value, got: " + InputException.clip(s));
        }
        return eq;
    }
}
