package org.rnnslu.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rnnslu.io.InputException;

/**
 * The train/dev/test splits of a dataset folder. Each split is looked up under the folder as
 * {@code <name>} (a directory in the ATIS layout, or a CoNLL file), then as {@code <name>.txt},
 * {@code <name>.conll}, {@code <name>.bio}, {@code <name>.tsv} (intents: LABEL&lt;TAB&gt;utterance); the dev split may be called {@code dev} or
 * {@code valid}. All three are required.
 */
public record Splits(List<Utterance> train, List<Utterance> dev, List<Utterance> test) {

    private static final String[] EXTENSIONS = {"", ".txt", ".conll", ".bio", ".tsv"};

    public Splits {
        train = List.copyOf(train);
        dev = List.copyOf(dev);
        test = List.copyOf(test);
    }

    public static Splits load(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new InputException(root, 0, Files.exists(root)
                    ? "expected a directory with train, dev (or valid) and test"
                    : "no such directory");
        }
        return new Splits(
                Readers.read(find(root, "train")),
                Readers.read(find(root, "dev", "valid")),
                Readers.read(find(root, "test")));
    }

    /** The path of one split under root; an InputException naming what was tried when absent. */
    public static Path find(Path root, String... names) {
        List<String> tried = new ArrayList<>();
        for (String name : names) {
            for (String ext : EXTENSIONS) {
                Path p = root.resolve(name + ext);
                if (Files.exists(p)) {
                    return p;
                }
                tried.add(name + ext);
            }
        }
        throw new InputException(root, 0, "missing split '" + names[0] + "' (looked for "
                + String.join(", ", tried) + ")");
    }
}
