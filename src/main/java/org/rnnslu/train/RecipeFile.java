package org.rnnslu.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnnslu.io.InputException;
import org.rnnslu.io.KeyValueLines;
import org.rnnslu.io.TextLines;

/**
 * A model folder's {@code recipe.properties}: every setting of the recipe that trained it, one
 * {@code key=value} line per {@link RecipeKeys} key, so that {@code train --config FILE} (or
 * {@link #read}) trains it again. Blank lines and lines starting with {@code #} are comments; a key
 * the table does not know, a key given twice or a value the setting refuses is an
 * {@link InputException} naming the file and line.
 */
public final class RecipeFile {

    /** Its name in a model folder. */
    public static final String NAME = "recipe.properties";

    private RecipeFile() {}

    /** The file's text for {@code recipe}: a comment line, then every key that applies. */
    public static String text(TrainingRecipe recipe) {
        StringBuilder sb = new StringBuilder("# rnnslu recipe: train --config THIS_FILE --data DIR --out DIR trains this model again\n");
        recipe.toMap().forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        return sb.toString();
    }

    /** One setting read from a file, with the line it came from (1-based). */
    public record Entry(String key, String value, int line) {}

    /**
     * The file's settings in file order, each checked alone (its key known, its value one the
     * setting takes); combinations are checked when a recipe is built.
     */
    public static List<Entry> entries(Path file) throws IOException {
        return entries(TextLines.readAll(file), file);
    }

    /** As {@link #entries(Path)}, for the file's lines already read ({@code file} names it in messages). */
    public static List<Entry> entries(List<String> lines, Path file) {
        Map<String, Entry> seen = new LinkedHashMap<>();
        for (KeyValueLines.Entry kv : KeyValueLines.parse(lines, file)) {
            Entry e = new Entry(kv.key(), kv.value(), kv.line());
            RecipeKeys.Key key = RecipeKeys.byName(e.key());
            if (key == null) {
                throw new InputException(file, e.line(), "unknown key '" + e.key() + "' (known: " + RecipeKeys.names() + ")");
            }
            Entry before = seen.put(e.key(), e);
            if (before != null) {
                throw new InputException(file, e.line(), e.key() + " given twice (first on line " + before.line() + ")");
            }
            apply(file, key, TrainingRecipe.builder(), e); // the value alone
        }
        return new ArrayList<>(seen.values());
    }

    /** The recipe the file describes: the tutorial's defaults with each of its settings applied. */
    public static TrainingRecipe read(Path file) throws IOException {
        TrainingRecipe.Builder b = TrainingRecipe.builder();
        for (Entry e : entries(file)) {
            apply(file, RecipeKeys.byName(e.key()), b, e);
        }
        try {
            return b.build();
        } catch (IllegalArgumentException ex) {
            throw new InputException(file, 0, ex.getMessage());
        }
    }

    private static void apply(Path file, RecipeKeys.Key key, TrainingRecipe.Builder b, Entry e) {
        try {
            key.apply().apply(b, e.value());
        } catch (IllegalArgumentException ex) {
            throw new InputException(file, e.line(), e.key() + "=" + e.value() + ": " + ex.getMessage());
        }
    }
}
