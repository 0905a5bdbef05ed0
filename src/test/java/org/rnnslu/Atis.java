package org.rnnslu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the ATIS benchmark for the tests that use it. It is never copied into the repository: the
 * tests look at system property {@code rnnslu.atis}, env {@code RNNSLU_ATIS}, {@code ../shared/data/atis}
 * and {@code /work/shared/data/atis}, and skip with a message naming those places when none holds it.
 */
public final class Atis {

    private Atis() {}

    /** The ATIS folder, or null (with every place tried added to {@code tried}). */
    public static Path locate(List<String> tried) {
        List<String> candidates = new ArrayList<>();
        if (System.getProperty("rnnslu.atis") != null) {
            candidates.add(System.getProperty("rnnslu.atis"));
        }
        if (System.getenv("RNNSLU_ATIS") != null) {
            candidates.add(System.getenv("RNNSLU_ATIS"));
        }
        candidates.add("../shared/data/atis");
        candidates.add("/work/shared/data/atis");
        for (String c : candidates) {
            Path p = Path.of(c).toAbsolutePath().normalize();
            tried.add(p.toString());
            if (Files.isRegularFile(p.resolve("train/seq.in"))) {
                return p;
            }
        }
        return null;
    }

    /** The ATIS folder; skips the calling test (JUnit assumption) when it is absent. */
    public static Path require() {
        List<String> tried = new ArrayList<>();
        Path atis = locate(tried);
        Assumptions.assumeTrue(atis != null, "ATIS not found at " + tried + ": skipping");
        return atis;
    }
}
