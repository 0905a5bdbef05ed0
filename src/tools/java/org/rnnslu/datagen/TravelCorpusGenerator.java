package org.rnnslu.datagen;

import org.rnnslu.io.AtomicFiles;
import org.rnnslu.io.InputException;
import org.rnnslu.io.FolderSwap;
import org.rnnslu.util.Rng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Generates the project's own ATIS-style slot-filling corpus from a seeded travel grammar
 * ({@link TravelGrammar}), in the ATIS folder layout: {@code train/}, {@code dev/} and
 * {@code test/}, each with {@code seq.in} (one lowercase utterance a line), {@code seq.out}
 * (IOB slot labels, one per word) and {@code label} (one intent a line).
 *
 * <p>The output depends only on the seed and the sizes: the generator uses its own SplitMix64
 * stream ({@link Rng}), never the JDK's generators or hash iteration order, and writes UTF-8
 * with {@code \n} line ends, so a seed gives byte-identical files on every JDK. The three
 * splits use independent sub-streams of the seed, and no utterance appears twice in the corpus
 * (dev and test are disjoint from train and from each other by construction).
 *
 * <p>{@link GenerateData} is its command line.
 */
public final class TravelCorpusGenerator {

    /** The seed the bundled {@code data/} was generated with. */
    public static final long DEFAULT_SEED = 20131;
    public static final int DEFAULT_TRAIN = 3000;
    public static final int DEFAULT_DEV = 500;
    public static final int DEFAULT_TEST = 500;

    /** The split folder names, in generation order. */
    public static final List<String> SPLITS = List.of("train", "dev", "test");

    private static final int MAX_ATTEMPTS = 100_000;

    /** One labelled utterance. */
    public static final class Sample {
        private final List<String> words;
        private final List<String> labels;
        private final String intent;

        Sample(List<String> words, List<String> labels, String intent) {
            this.words = List.copyOf(words);
            this.labels = List.copyOf(labels);
            this.intent = intent;
        }

        public List<String> words() {
            return words;
        }

        public List<String> labels() {
            return labels;
        }

        public String intent() {
            return intent;
        }

        /** The words joined by single spaces, as in {@code seq.in}. */
        public String text() {
            return String.join(" ", words);
        }

        @Override
        public String toString() {
            return text() + " | " + String.join(" ", labels) + " | " + intent;
        }
    }

    /** The three splits of a generated corpus. */
    public static final class Corpus {
        private final List<Sample> train;
        private final List<Sample> dev;
        private final List<Sample> test;

        Corpus(List<Sample> train, List<Sample> dev, List<Sample> test) {
            this.train = List.copyOf(train);
            this.dev = List.copyOf(dev);
            this.test = List.copyOf(test);
        }

        public List<Sample> train() {
            return train;
        }

        public List<Sample> dev() {
            return dev;
        }

        public List<Sample> test() {
            return test;
        }

        /** The split by name: "train", "dev" or "test". */
        public List<Sample> split(String name) {
            switch (name) {
                case "train":
                    return train;
                case "dev":
                    return dev;
                case "test":
                    return test;
                default:
                    throw new IllegalArgumentException("no split " + name);
            }
        }

        /** A multi-line summary: counts, labels, intents, vocabulary. */
        public String summary() {
            StringBuilder b = new StringBuilder();
            Set<String> trainVocab = new TreeSet<>();
            TreeMap<String, Integer> trainCounts = new TreeMap<>();
            for (Sample s : train) {
                for (String w : s.words()) {
                    trainVocab.add(w);
                    trainCounts.merge(w, 1, Integer::sum);
                }
            }
            Set<String> vocab = new TreeSet<>();
            Set<String> labels = new TreeSet<>();
            Set<String> intents = new TreeSet<>();
            int words = 0;
            for (String name : SPLITS) {
                List<Sample> split = split(name);
                int n = 0;
                int unseen = 0;
                for (Sample s : split) {
                    n += s.words().size();
                    vocab.addAll(s.words());
                    labels.addAll(s.labels());
                    intents.add(s.intent());
                    for (String w : s.words()) {
                        if (!trainVocab.contains(w)) {
                            unseen++;
                        }
                    }
                }
                words += n;
                b.append(String.format(java.util.Locale.ROOT, "%-5s %5d utterances %6d words", name, split.size(), n));
                if (!name.equals("train")) {
                    b.append(String.format(java.util.Locale.ROOT, " (%d not in train vocabulary)", unseen));
                }
                b.append('\n');
            }
            long singletons = trainCounts.values().stream().filter(c -> c == 1).count();
            b.append(String.format(java.util.Locale.ROOT,
                    "words %d, vocabulary %d (train %d, %d of them seen once), slot labels %d (with O), intents %d%n",
                    words, vocab.size(), trainVocab.size(), singletons, labels.size(), intents.size()));
            return b.toString();
        }
    }

    private TravelCorpusGenerator() {}

    /** Generates the default-size corpus (3000/500/500) into {@code outDir}. */
    public static Corpus generate(long seed, Path outDir) throws IOException {
        return generate(seed, outDir, DEFAULT_TRAIN, DEFAULT_DEV, DEFAULT_TEST);
    }

    /**
     * Generates a corpus into {@code outDir/{train,dev,test}/{seq.in,seq.out,label}}, creating
     * the folders and replacing each file atomically. {@code outDir} must be absent, empty or a
     * folder this method wrote (its marker {@code .rnnslu} says kind=data); else an
     * InputException, and nothing is written.
     */
    public static Corpus generate(long seed, Path outDir, int train, int dev, int test) throws IOException {
        Corpus corpus = build(seed, train, dev, test);
        Path target = FolderSwap.target(outDir);
        if (Files.exists(target)) {
            FolderSwap.requireReplaceable(target, FolderSwap.Kind.DATA); // never into a hand-made corpus
        }
        Files.createDirectories(target);
        FolderSwap.writeMarker(target, FolderSwap.Kind.DATA, null);
        for (String name : SPLITS) {
            Path dir = target.resolve(name);
            if (Files.isSymbolicLink(dir)) {
                throw new InputException(dir, 0, "is a symbolic link; not writing the corpus through it");
            }
            Files.createDirectories(dir);
            List<Sample> split = corpus.split(name);
            StringBuilder in = new StringBuilder();
            StringBuilder slots = new StringBuilder();
            StringBuilder intents = new StringBuilder();
            for (Sample s : split) {
                in.append(s.text()).append('\n');
                slots.append(String.join(" ", s.labels())).append('\n');
                intents.append(s.intent()).append('\n');
            }
            writeAtomically(dir.resolve("seq.in"), in.toString());
            writeAtomically(dir.resolve("seq.out"), slots.toString());
            writeAtomically(dir.resolve("label"), intents.toString());
        }
        return corpus;
    }

    /** Generates a corpus in memory. */
    public static Corpus build(long seed, int train, int dev, int test) {
        if (train < 0 || dev < 0 || test < 0) {
            throw new IllegalArgumentException("negative split size");
        }
        Grammar g = TravelGrammar.build();
        List<String> intentNames = new ArrayList<>();
        Grammar.Weighted<Integer> intentPick = new Grammar.Weighted<>();
        List<Grammar.Weighted<Grammar.Node>> templates = new ArrayList<>();
        for (TravelGrammar.Intent intent : TravelGrammar.INTENTS) {
            intentPick.add(intentNames.size(), intent.weight);
            intentNames.add(intent.name);
            Grammar.Weighted<Grammar.Node> w = new Grammar.Weighted<>();
            for (String t : intent.templates) {
                int[] weight = {1};
                String body = Grammar.splitWeight(t, weight);
                w.add(g.parse(body), weight[0]);
            }
            templates.add(w);
        }
        g.validate();

        Set<String> seen = new HashSet<>();
        int[] sizes = {train, dev, test};
        List<List<Sample>> splits = new ArrayList<>();
        for (int s = 0; s < sizes.length; s++) {
            Rng rng = new Rng(Rng.derive(seed, s));
            List<Sample> out = new ArrayList<>(sizes[s]);
            while (out.size() < sizes[s]) {
                out.add(draw(g, rng, intentNames, intentPick, templates, seen));
            }
            splits.add(out);
        }
        return new Corpus(splits.get(0), splits.get(1), splits.get(2));
    }

    private static Sample draw(Grammar g, Rng rng, List<String> intentNames, Grammar.Weighted<Integer> intentPick,
            List<Grammar.Weighted<Grammar.Node>> templates, Set<String> seen) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            int intent = intentPick.pick(rng);
            Grammar.Node template = templates.get(intent).pick(rng);
            Grammar.Out out = g.expand(template, rng);
            if (out.tokens.isEmpty() || repeatsAFill(out)) {
                continue;
            }
            List<String> words = new ArrayList<>(out.tokens.size());
            List<String> labels = new ArrayList<>(out.tokens.size());
            for (Grammar.Token t : out.tokens) {
                words.add(t.word);
                labels.add(t.label);
            }
            String text = String.join(" ", words);
            if (seen.add(text)) {
                return new Sample(words, labels, intentNames.get(intent));
            }
        }
        throw new IllegalStateException("grammar exhausted: no new utterance in " + MAX_ATTEMPTS + " attempts");
    }

    /** "from boston to boston", "between 5 pm and 5 pm": the same lexicon entry twice. */
    private static boolean repeatsAFill(Grammar.Out out) {
        for (int i = 0; i < out.fills.size(); i++) {
            for (int j = i + 1; j < out.fills.size(); j++) {
                Grammar.Fill a = out.fills.get(i);
                Grammar.Fill b = out.fills.get(j);
                if (a.lexicon.equals(b.lexicon) && a.phrase.equals(b.phrase)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Writes UTF-8 text through {@link AtomicFiles} (a temporary file beside it, renamed over). */
    static void writeAtomically(Path file, String text) throws IOException {
        AtomicFiles.writeString(file, text);
    }
}
