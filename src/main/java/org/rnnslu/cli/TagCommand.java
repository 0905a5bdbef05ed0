package org.rnnslu.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.rnnslu.Analysis;
import org.rnnslu.Tagger;
import org.rnnslu.io.InputException;
import org.rnnslu.io.TextLines;
import org.rnnslu.json.Json;
import org.rnnslu.model.Task;
import org.rnnslu.serve.AnalysisJson;
import org.rnnslu.text.Tokenizer;

/** {@code tag}: labels raw sentences with a saved model. */
final class TagCommand implements Main.Command {

    /** Lines are tagged this many at a time, as packs (Tagger.analyzeAll); a unit of work for a thread. */
    private static final int CHUNK = 256;

    @Override
    public String summary() {
        return "tag sentences (arguments, or one per line on stdin or --input) with a saved model";
    }

    @Override
    public String help() {
        return String.join("\n",
                "usage: rnnslu tag --model DIR [--format text|conll|json] [--decode argmax|viterbi] [--nbest K]",
                "                 [--threads N] [--input FILE] [SENTENCE ...]",
                "",
                "Each argument is one sentence; without arguments, sentences are read one per line from --input",
                "or stdin (UTF-8; lines end at \\n or \\r\\n). Output is UTF-8 whatever the locale, in input order.",
                "Text goes through the model's tokenizer (its tokenizer.properties, else the ATIS conventions:",
                "lower case, punctuation dropped, \"5pm\" -> 5 pm, \"N.Y.\" -> new york); then words are",
                "preprocessed as at training time (digits -> DIGIT, unknown words -> <UNK>).",
                "  --format text   (default) the words, the labels, then the slots as type=words",
                "  --format conll  one 'word label' line per word, a blank line between sentences",
                "  --format json   one JSON object per sentence, with probabilities, top-k labels, slot scores,",
                "                  char offsets and the intent ranking (see docs/serving.md)",
                "  --top-k K       labels listed per word, and intents, in json (default " + Analysis.DEFAULT_TOP_K + ")",
                "  --decode argmax|viterbi   slot labels: each word's argmax, or the most probable valid IOB",
                "                  sequence (default: the model's decode, argmax when it has none)",
                "  --nbest K       also the K most probable label sequences with their log-probability",
                "                  (sum of log p_t; valid IOB only under viterbi), in text and json (docs/decoding.md)",
                "  --tokenizer model|whitespace   whitespace: split on whitespace only, change nothing",
                "  --threads N     tag on N threads (default 1); the output is the same",
                "  --kernels auto|scalar|vector",
                "A progress line goes to stderr when it is a terminal.",
                "");
    }

    /** What one run prints and how. */
    private record Options(String format, int topK, boolean whitespace, int nbest, Tagger tagger) {}

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) throws IOException {
        Args a = new Args("tag", argv, Set.of("model", "format", "kernels", "threads", "input", "top-k", "tokenizer",
                "decode", "nbest"),
                Set.of());
        String format = a.get("format", "text");
        if (!Set.of("text", "conll", "json").contains(format)) {
            throw new UsageException("tag: --format takes text, conll or json, got '" + format + "'");
        }
        String tokenizer = a.get("tokenizer", "model");
        if (!Set.of("model", "whitespace").contains(tokenizer)) {
            throw new UsageException("tag: --tokenizer takes model or whitespace, got '" + tokenizer + "'");
        }
        int threads = positive(a, "threads", 1);
        int topK = positive(a, "top-k", Analysis.DEFAULT_TOP_K);
        if (a.has("input") && !a.positionals().isEmpty()) {
            throw new UsageException("tag: give sentences as arguments or --input FILE, not both");
        }
        int nbest = a.has("nbest") ? positive(a, "nbest", 1) : 0;
        if (nbest > 0 && format.equals("conll")) {
            throw new UsageException("tag: --nbest is for --format text or json");
        }
        Tagger tagger = Tagger.load(Path.of(a.require("model")), CliSupport.kernels(a.get("kernels", "auto")));
        tagger = EvalCommand.decoded(tagger, a);
        if (nbest > 0 && tagger.task() == Task.INTENT) {
            throw new UsageException("tag: --nbest lists label sequences; this is an intent model");
        }
        Options o = new Options(format, topK, tokenizer.equals("whitespace"), nbest, tagger);
        if (!a.positionals().isEmpty()) {
            out.print(render(o, a.positionals()));
            return 0;
        }
        // as strict as the data files: UTF-8 only, lines end at \n or \r\n, a lone \r is an error
        try (TextLines in = a.has("input") ? TextLines.open(Path.of(a.get("input", ""))) : TextLines.of("stdin", System.in)) {
            return stream(o, in, threads, out, Progress.onTerminal(err));
        }
    }

    private static int positive(Args a, String name, int fallback) {
        String v = a.get(name, String.valueOf(fallback));
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= 1024) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new UsageException("tag: --" + name + " takes an integer from 1 to 1024, got '" + v + "'");
    }

    /**
     * Reads chunks of lines, renders them on {@code threads} threads and writes them in input order,
     * at most 2 per thread in flight. On a bad line the chunks before it are written, then the error
     * is thrown; on a write error it stops (exit 2, Main says why).
     */
    private static int stream(Options o, TextLines in, int threads, PrintStream out, Progress progress) throws IOException {
        ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads, daemon()) : null;
        Deque<Future<String>> inFlight = new ArrayDeque<>();
        try {
            while (true) {
                List<String> chunk = new ArrayList<>(CHUNK);
                InputException bad = null;
                try {
                    for (String line; chunk.size() < CHUNK && (line = in.next()) != null; ) {
                        chunk.add(line);
                    }
                } catch (InputException e) {
                    bad = e;
                }
                boolean last = bad != null || chunk.size() < CHUNK;
                if (!chunk.isEmpty()) {
                    List<String> lines = chunk;
                    inFlight.add(pool == null ? done(render(o, lines)) : pool.submit(() -> render(o, lines)));
                    progress.lines(lines);
                }
                while (!inFlight.isEmpty() && (last || inFlight.size() >= 2 * threads || pool == null)) {
                    out.print(take(inFlight.poll()));
                    if (out.checkError()) {
                        return 2; // stop at the first write error; Main says what it was
                    }
                }
                progress.show(false);
                if (bad != null) {
                    throw bad;
                }
                if (last) {
                    return 0;
                }
            }
        } finally {
            progress.show(true);
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        return r -> {
            Thread t = new Thread(r, "rnnslu-tag");
            t.setDaemon(true);
            return t;
        };
    }

    private static Future<String> done(String s) {
        return java.util.concurrent.CompletableFuture.completedFuture(s);
    }

    private static String take(Future<String> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The output of some lines, one block per line, in order. */
    static String render(Options o, List<String> lines) {
        Tagger tagger = o.tagger();
        List<Analysis> all;
        if (o.whitespace()) {
            List<String[]> words = new ArrayList<>(lines.size());
            for (String line : lines) {
                words.add(TextLines.tokens(line));
            }
            all = tagger.analyzeAllWords(words, o.topK());
        } else {
            all = tagger.analyzeAll(lines, o.topK());
        }
        StringBuilder sb = new StringBuilder(lines.size() * 128);
        for (Analysis an : all) {
            List<Tagger.Labelling> nbest = o.nbest() > 0 ? tagger.nBest(an.tokens().toArray(new String[0]), o.nbest()) : null;
            print(sb, an, tagger.task(), o.format(), o.topK(), nbest);
        }
        return sb.toString();
    }

    /**
     * One sentence's block (a blank line for an empty one, except in json, which gives an empty
     * record); json lists the top {@code topK} labels of each word and intents; nbest (or null) the
     * k best label sequences.
     */
    private static void print(StringBuilder sb, Analysis a, Task task, String format, int topK,
                              List<Tagger.Labelling> nbest) {
        if (format.equals("json")) {
            AnalysisJson.write(sb, a, task == Task.INTENT, topK);
            if (nbest != null) {
                sb.setLength(sb.length() - 1); // the object's closing brace: "nbest" goes last, inside it
                nbestJson(sb, nbest).append('}');
            }
            sb.append('\n');
            return;
        }
        if (a.words().isEmpty()) {
            sb.append('\n');
            return;
        }
        String words = String.join(" ", a.tokens());
        if (task == Task.INTENT) {
            if (format.equals("conll")) {
                sb.append("# intent = ").append(a.intent()).append('\n').append(words).append("\n\n");
            } else {
                sb.append(a.intent()).append('\t').append(words).append('\n');
            }
            return;
        }
        if (format.equals("conll")) {
            if (a.intent() != null) {
                sb.append("# intent = ").append(a.intent()).append('\n');
            }
            for (Analysis.Word w : a.words()) {
                sb.append(w.text()).append(' ').append(w.label()).append('\n');
            }
            sb.append('\n');
            return;
        }
        sb.append(words).append('\n').append(String.join(" ", a.labels())).append('\n');
        List<String> slots = new ArrayList<>();
        for (Analysis.Slot s : a.slots()) {
            slots.add(s.type() + "=" + s.text());
        }
        sb.append(slots.isEmpty() ? "(no slots)" : String.join("  ", slots)).append('\n');
        if (a.intent() != null) {
            sb.append("intent: ").append(a.intent()).append('\n');
        }
        if (nbest != null) {
            for (int r = 0; r < nbest.size(); r++) {
                sb.append(String.format(java.util.Locale.ROOT, "nbest %d (log p %.4f): ", r + 1, nbest.get(r).logProbability()))
                        .append(String.join(" ", nbest.get(r).labels())).append('\n');
            }
        }
        sb.append('\n');
    }

    /** ,"nbest":[{"labels":[...],"log_p":-0.12},...] */
    private static StringBuilder nbestJson(StringBuilder sb, List<Tagger.Labelling> nbest) {
        sb.append(",\"nbest\":[");
        for (int r = 0; r < nbest.size(); r++) {
            sb.append(r > 0 ? "," : "").append("{\"labels\":");
            Json.stringArray(sb, nbest.get(r).labels());
            sb.append(",\"log_p\":");
            Json.number(sb, nbest.get(r).logProbability()).append('}');
        }
        return sb.append(']');
    }

    /** A once-a-second "N lines, W words, X words/s" line on stderr, only when stderr is a terminal. */
    static final class Progress {
        private final PrintStream err;
        private final long start = System.nanoTime();
        private long lastShown = start;
        private long lines;
        private long words;

        private Progress(PrintStream err) {
            this.err = err;
        }

        static Progress onTerminal(PrintStream err) {
            return new Progress(Terminal.stderrIsTerminal() ? err : null);
        }

        void lines(List<String> chunk) {
            if (err == null) {
                return;
            }
            lines += chunk.size();
            for (String s : chunk) {
                words += TextLines.tokens(s).length;
            }
        }

        /** Shows the line if a second has passed (or, at the end, if it was ever shown). */
        void show(boolean end) {
            if (err == null) {
                return;
            }
            long now = System.nanoTime();
            if (end ? lastShown == start : now - lastShown < 1_000_000_000L) {
                return;
            }
            lastShown = now;
            double s = Math.max(1e-9, (now - start) / 1e9);
            err.printf(java.util.Locale.ROOT, "\rtag: %,d lines, %,d words, %,.0f words/s%s", lines, words, words / s,
                    end ? "\n" : "");
            err.flush();
        }
    }
}
