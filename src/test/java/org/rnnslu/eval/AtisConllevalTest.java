package org.rnnslu.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnnslu.data.Readers;
import org.rnnslu.data.Utterance;

/** Scores on the real ATIS test labels, when the data is around. */
class AtisConllevalTest {

    @Test
    void goldAgainstItselfAndAgainstAllO() throws IOException {
        Path root = org.rnnslu.Atis.require();
        List<Utterance> test = Readers.readAtisSplit(root.resolve("test"));
        List<String[]> gold = new ArrayList<>();
        List<String[]> allO = new ArrayList<>();
        List<String> intents = new ArrayList<>();
        int tokens = 0;
        for (Utterance u : test) {
            gold.add(u.slots());
            String[] o = new String[u.length()];
            java.util.Arrays.fill(o, "O");
            allO.add(o);
            intents.add(u.intent());
            tokens += u.length();
        }
        Conlleval same = Conlleval.evaluate(gold, gold);
        assertThat(same.tokens()).isEqualTo(tokens);
        assertThat(same.f1()).isEqualTo(100.0);
        assertThat(same.goldChunks()).isGreaterThan(test.size()); // ATIS has >1 slot per utterance
        Conlleval none = Conlleval.evaluate(gold, allO);
        assertThat(none.predictedChunks()).isZero();
        assertThat(none.f1()).isZero();
        assertThat(none.accuracy()).isBetween(50.0, 90.0);
        assertThat(IntentEval.evaluate(intents, intents).accuracy()).isEqualTo(100.0);
    }
}
