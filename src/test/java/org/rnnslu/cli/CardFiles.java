package org.rnnslu.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnnslu.store.ModelFolder;
import org.rnnslu.json.Json;

/** For tests that compare model folders: the parts of card.json (and its MANIFEST line) that are byte-stable. */
public final class CardFiles {

    /** The members of card.json's "run" that differ from run to run. */
    public static final List<String> CLOCK = List.of("jdk", "train_seconds", "wall_seconds", "words_per_second");

    private CardFiles() {}

    @SuppressWarnings("unchecked")
    public static Map<String, Object> card(Path dir) throws IOException {
        return (Map<String, Object>) Json.parse(Files.readString(dir.resolve(ModelFolder.CARD)));
    }

    /** The card without the run's clock and JDK (each of which must be there). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> withoutClock(Map<String, Object> card) {
        Map<String, Object> c = new LinkedHashMap<>(card);
        Map<String, Object> run = new LinkedHashMap<>((Map<String, Object>) c.get("run"));
        for (String k : CLOCK) {
            if (!run.containsKey(k)) {
                throw new AssertionError("card.json's run has no " + k + ": " + run);
            }
            run.remove(k);
        }
        c.put("run", run);
        return c;
    }

    /** A folder's MANIFEST without card.json's line (its size and CRC follow the clock). */
    public static String manifestWithoutCard(Path dir) throws IOException {
        return String.join("\n", Files.readAllLines(dir.resolve(ModelFolder.MANIFEST)).stream()
                .filter(l -> !l.startsWith(ModelFolder.CARD + " ")).toList());
    }
}
