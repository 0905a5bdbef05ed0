package org.rnnslu.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reads the real ATIS splits when they are around (never copied into the repository). */
class AtisDataTest {

    @Test
    void realSplitsAreAlignedAndComplete() throws IOException {
        Path atis = org.rnnslu.Atis.require();

        Splits s = Splits.load(atis);
        assertThat(s.train()).hasSize(4478);
        assertThat(s.dev()).hasSize(500);
        assertThat(s.test()).hasSize(893);
        for (List<Utterance> split : List.of(s.train(), s.dev(), s.test())) {
            for (Utterance u : split) {
                assertThat(u.slots()).hasSameSizeAs(u.words());
                assertThat(u.intent()).isNotBlank();
            }
        }
        Utterance first = s.train().get(0);
        assertThat(first.words()[0]).isEqualTo("i");
        assertThat(first.slots()).contains("B-fromloc.city_name");

        Vocabulary v = Vocabulary.build(s.train(), Preprocessing.DEFAULT);
        assertThat(v.word(0)).isEqualTo(Vocabulary.UNK);
        assertThat(v.size()).isBetween(300, 1000);
        LabelSet slots = LabelSet.ofSlots(s.train());
        assertThat(slots.labels()).contains("O", "B-fromloc.city_name", "I-toloc.city_name");
        LabelSet intents = LabelSet.ofIntents(s.train());
        assertThat(intents.labels()).contains("atis_flight", "atis_flight#atis_airfare");
        // the test set holds slot labels never seen in training: they encode to -1
        Encoded test = Encoded.encode(s.test(), v, slots, intents);
        assertThat(test.size()).isEqualTo(893);
    }
}
