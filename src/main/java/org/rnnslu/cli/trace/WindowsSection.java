package org.rnnslu.cli.trace;

import java.util.Arrays;
import java.util.Locale;

/** Section 1, idxs [n, cs]: each step's window of word indices, with the words they stand for. */
final class WindowsSection {

    private WindowsSection() {}

    static void print(Report out, Names names, Call call) {
        int cs = names.dims().cs();
        out.section("1. idxs = T.imatrix(), bound to " + (call.words() != null ? "contextwin(sentence, cs)" : "the idxs given"),
                "shape [n, cs] = [" + call.n() + ", " + cs + "]");
        out.line("Each row is the cs word indices of one step's window, the word itself in the middle. -1 stands");
        out.line("for a position outside the sentence; embeddings[-1] is, as in numpy, the LAST row (row ne = "
                + names.dims().ne() + "),");
        out.line("the padding vector, trained like any other row.");
        for (int t = 0; t < call.n(); t++) {
            int[] row = Arrays.copyOfRange(call.idxs(), t * cs, (t + 1) * cs);
            StringBuilder words = new StringBuilder();
            for (int j = 0; j < cs; j++) {
                words.append(j == 0 ? "" : " ").append(names.word(row[j]));
            }
            out.line(String.format(Locale.ROOT, "t=%-2d %s   = %s", t, Arrays.toString(row), words));
        }
    }
}
