package org.rnnslu.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;
import org.rnnslu.datagen.TravelCorpusGenerator;

/** {@code generate-data}: regenerates the bundled synthetic corpus (byte for byte for a given seed). */
final class GenerateDataCommand implements Main.Command {

    @Override
    public String summary() {
        return "write the synthetic ATIS-style travel corpus (the bundled data/) from its seeded grammar";
    }

    @Override
    public String help() {
        return String.join("\n",
                "usage: rnnslu generate-data --out DIR [--seed " + TravelCorpusGenerator.DEFAULT_SEED + "] [--train "
                        + TravelCorpusGenerator.DEFAULT_TRAIN + "] [--dev " + TravelCorpusGenerator.DEFAULT_DEV
                        + "] [--test " + TravelCorpusGenerator.DEFAULT_TEST + "]",
                "",
                "Writes DIR/{train,dev,test}/{seq.in,seq.out,label}. With the defaults the files are identical to",
                "the repository's data/ (TravelCorpusGeneratorTest checks it).",
                "");
    }

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) throws IOException {
        Args a = new Args("generate-data", argv, Set.of("out", "seed", "train", "dev", "test"), Set.of());
        int train = positive(a, "train", TravelCorpusGenerator.DEFAULT_TRAIN);
        int dev = positive(a, "dev", TravelCorpusGenerator.DEFAULT_DEV);
        int test = positive(a, "test", TravelCorpusGenerator.DEFAULT_TEST);
        TravelCorpusGenerator.Corpus c = TravelCorpusGenerator.generate(a.longValue("seed", TravelCorpusGenerator.DEFAULT_SEED),
                Path.of(a.require("out")), train, dev, test);
        out.print(c.summary());
        return 0;
    }

    private static int positive(Args a, String name, int fallback) {
        int v = a.intValue(name, fallback);
        if (v < 1) {
            throw new UsageException("generate-data: --" + name + " must be >= 1, got " + v);
        }
        return v;
    }
}
