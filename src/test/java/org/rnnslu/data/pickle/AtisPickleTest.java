package org.rnnslu.data.pickle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnnslu.io.InputException;

/**
 * The tiny synthetic pickles of {@code src/test/resources/pickle/make_pickles.py} (Python 2's
 * protocol 2 assembled opcode by opcode, Python 3's protocols 2, 4 and 5, gzip'd and not, numpy
 * int32 and int64 arrays and plain lists) all read as the data the script put in them, with the
 * dicts' own indices. When python3 with numpy is here, the script is run again into a temp folder
 * and its output read too.
 */
class AtisPickleTest {

    static final Path FIXTURES = Path.of("src/test/resources/pickle");
    static final List<String> WORDS = List.of("<UNK>", "show", "flights", "from", "boston", "to", "denver");
    static final List<String> LABELS = List.of("B-fromloc.city_name", "B-toloc.city_name", "O"); // by index, not sorted

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"fold-py2.pkl.gz", "fold-p2.pkl.gz", "fold-p4.pkl", "fold-p5.pkl.gz"})
    void aFoldFileReadsAsWritten(String name) throws IOException {
        assertFold(AtisPickle.read(FIXTURES.resolve(name)));
    }

    @Test
    void theTutorialsAtisPklHasNoValidSet() throws IOException {
        AtisPickle p = AtisPickle.read(FIXTURES.resolve("full-p2.pkl"));
        assertThat(p.words()).isEqualTo(WORDS);
        assertThat(p.valid()).isNull();
        assertThat(p.train().words()).isDeepEqualTo(new int[][] {{1, 2, 3, 4, 5, 6}, {2, 3, 6, 5, 4}});
        assertThat(p.test().labels()[1]).containsExactly(2, 2, 0);
    }

    @Test
    void picklesWrittenByThisMachinesPythonReadTheSame() throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("python3", FIXTURES.resolve("make_pickles.py").toString(), tmp.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException noPython) {
            assumeTrue(false, "no python3 here: the committed fixtures are the test");
            return;
        }
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assumeTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "python3 could not write them (numpy?): " + out);
        for (String name : new String[] {"fold-py2.pkl.gz", "fold-p2.pkl.gz", "fold-p4.pkl", "fold-p5.pkl.gz"}) {
            assertFold(AtisPickle.read(tmp.resolve(name)));
        }
    }

    @Test
    void aForbiddenGlobalIsNamedWithItsOffsetAndNothingRuns() {
        byte[] evil = bytes("\u0080\u0002cos\nsystem\nX\u0005\u0000\u0000\u0000touch\u0085R.");
        assertThatThrownBy(() -> Unpickler.load(evil)).isInstanceOf(PickleException.class)
                .hasMessage("global 'os system' is not one this reader accepts (numpy integer arrays only) at byte 2");
    }

    @Test
    void anUnknownOpcodeIsNamedWithItsOffset() {
        assertThatThrownBy(() -> Unpickler.load(bytes("\u0080\u0002]\u0081."))).hasMessageStartingWith("opcode 0x81")
                .hasMessageEndingWith("at byte 3");
        assertThatThrownBy(() -> Unpickler.load(bytes("(lp0\n."))).hasMessageStartingWith("opcode 0x70 'p'");
    }

    @Test
    void aFileThatIsNotAnAtisPickleSaysWhatItHolds(@TempDir Path dir) throws IOException {
        Path f = Files.write(dir.resolve("x.pkl"), bytes("\u0080\u0002]q\u0000."));
        assertThatThrownBy(() -> AtisPickle.read(f)).isInstanceOf(InputException.class)
                .hasMessage(f + ": expected (train, valid, test, dicts) or (train, test, dicts), got 0 items");
    }

    static void assertFold(AtisPickle p) {
        assertThat(p.words()).isEqualTo(WORDS);
        assertThat(p.labels()).isEqualTo(LABELS);
        assertThat(p.train().words()).isDeepEqualTo(new int[][] {{1, 2, 3, 4, 5, 6}, {2, 3, 6, 5, 4}});
        assertThat(p.train().labels()).isDeepEqualTo(new int[][] {{2, 2, 2, 0, 2, 1}, {2, 2, 0, 2, 1}});
        assertThat(p.valid().words()).isDeepEqualTo(new int[][] {{3, 4, 5, 6}});
        assertThat(p.valid().labels()).isDeepEqualTo(new int[][] {{2, 0, 2, 1}});
        assertThat(p.test().words()).isDeepEqualTo(new int[][] {{1, 2, 3, 6, 5, 4}, {0, 3, 4}});
        assertThat(p.test().labels()).isDeepEqualTo(new int[][] {{2, 2, 2, 0, 2, 1}, {2, 2, 0}});
    }

    static byte[] bytes(String latin1) {
        return latin1.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
