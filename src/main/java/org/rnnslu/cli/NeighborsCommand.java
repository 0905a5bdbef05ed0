package org.rnnslu.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.rnnslu.Tagger;

/** {@code neighbors}: nearest words by cosine similarity of the learned embeddings. */
final class NeighborsCommand implements Main.Command {

    @Override
    public String summary() {
        return "nearest words by cosine similarity of the learned embeddings";
    }

    @Override
    public String help() {
        return String.join("\n",
                "usage: rnnslu neighbors --model DIR WORD [WORD ...] [-k 10]",
                "",
                "Prints the k words whose embeddings are closest (cosine) to each WORD's, e.g. for ATIS",
                "atlanta -> phoenix, denver, ... The word is preprocessed as at training time.",
                "");
    }

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) throws IOException {
        String[] fixed = argv.clone();
        for (int i = 0; i < fixed.length; i++) {
            if (fixed[i].equals("-k")) {
                fixed[i] = "--k";
            }
        }
        Args a = new Args("neighbors", fixed, Set.of("model", "k", "kernels"), Set.of());
        if (a.positionals().isEmpty()) {
            throw new UsageException("neighbors: give at least one WORD");
        }
        int k = a.intValue("k", 10);
        if (k < 1) {
            throw new UsageException("neighbors: -k must be >= 1, got " + k);
        }
        Tagger tagger = Tagger.load(Path.of(a.require("model")), CliSupport.kernels(a.get("kernels", "auto")));
        for (String word : a.positionals()) {
            String note = tagger.vocabulary().contains(word) ? "" : " (not in the vocabulary: showing <UNK>'s neighbours)";
            out.println(word + note + ":");
            for (Tagger.Neighbor n : tagger.neighbors(word, k)) {
                out.printf(Locale.ROOT, "  %-24s %.4f%n", n.word(), n.similarity());
            }
        }
        return 0;
    }
}
