package org.rnnslu.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.rnnslu.Analysis;
import org.rnnslu.Tagger;
import org.rnnslu.data.Readers;
import org.rnnslu.data.Splits;
import org.rnnslu.data.Utterance;
import org.rnnslu.eval.Bootstrap;
import org.rnnslu.eval.Calibration;
import org.rnnslu.eval.PredictionsWriter;
import org.rnnslu.model.Task;
import org.rnnslu.eval.Evaluation;
import org.rnnslu.inference.Decoding;
import org.rnnslu.inference.Iob;

/** {@code eval}: scores a saved model on labelled data. */
final class EvalCommand implements Main.Command {

    @Override
    public String summary() {
        return "score a model on labelled data (conlleval P/R/F1 and per-type table, or intent accuracy)";
    }

    @Override
    public String help() {
        return String.join("\n",
                "usage: rnnslu eval --model DIR --data PATH [--split test] [--decode argmax|viterbi] [--predictions FILE]",
                "                  [--calibration] [--bootstrap N [--bootstrap-seed S]] [--against DIR]",
                "",
                "  --model DIR          a model folder written by train (or the tutorial's save() + words.txt, labels.txt)",
                "  --data PATH          an ATIS-layout split folder (seq.in, seq.out[, label]), a CoNLL file,",
                "                       or a dataset folder with train/dev/test (then --split picks one; default test)",
                "  --decode argmax|viterbi   slot labels: each word's argmax, or the most probable valid IOB",
                "                       sequence (default: the model's decode, argmax when it has none). The",
                "                       report ends with how many predicted sequences are not valid IOB",
                "  --predictions FILE   also write 'word gold predicted' lines for conlleval.pl",
                "  --calibration        also print a reliability table (10 bins) and the expected calibration",
                "                       error of the per-word chosen-label probability (and of the intent's)",
                "  --bootstrap N        also 95% intervals of slot F1, intent and sentence accuracy from N resamples",
                "                       of the utterances (with replacement; docs/evaluation.md)",
                "  --bootstrap-seed S   the resampling's seed (default " + Bootstrap.DEFAULT_SEED + ": the same report each time)",
                "  --against DIR        also compare with a second model on the same data: the differences (this",
                "                       model minus DIR's) with paired-bootstrap intervals and p-values, and",
                "                       McNemar's counts for sentence accuracy (N default 1000)",
                "  --kernels auto|scalar|vector",
                "");
    }

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) throws IOException {
        Args a = new Args("eval", argv, Set.of("model", "data", "split", "predictions", "kernels", "decode", "bootstrap",
                "bootstrap-seed", "against"),
                Set.of("calibration"));
        Tagger tagger = Tagger.load(Path.of(a.require("model")), CliSupport.kernels(a.get("kernels", "auto")));
        tagger = decoded(tagger, a);
        List<Utterance> data = read(Path.of(a.require("data")), a.get("split", "test"));
        Task task = tagger.task();
        Evaluation ev;
        try {
            ev = Evaluation.of(tagger.model(), data).decodedWith(tagger.decoding());
        } catch (IllegalArgumentException e) {
            throw new UsageException("eval: " + a.require("data") + ": " + e.getMessage());
        }
        Evaluation.Result r = ev.evaluate(tagger.params(), tagger.kernels());
        List<String[]> predicted = task.hasSlots() ? ev.predictedSlots(ev.predictor(tagger.params(), tagger.kernels())) : null;
        if (r.slots() != null) {
            out.print(r.slots().format());
            out.printf(java.util.Locale.ROOT, "invalid IOB sequences: %d of %d (decode %s)%n", Iob.countInvalid(predicted),
                    predicted.size(), tagger.decoding().id());
        }
        if (r.intents() != null) {
            out.print(r.intents().format());
        }
        if (task == Task.JOINT) {
            out.printf(java.util.Locale.ROOT, "sentence accuracy (all slots and the intent right): %.2f%%%n", r.sentenceAccuracy());
        }
        bootstrap(a, tagger, data, out);
        if (a.has("calibration")) {
            out.print(calibration(tagger, data));
        }
        if (a.has("predictions") && task.hasSlots()) {
            Path file = Path.of(a.get("predictions", ""));
            PredictionsWriter.write(file, TrainCommand.wordsOf(data), ev.goldSlots(), predicted);
            out.println("predictions: " + file);
        }
        return 0;
    }

    /** --bootstrap's intervals and --against's comparison, when asked for. */
    private static void bootstrap(Args a, Tagger tagger, List<Utterance> data, PrintStream out) throws IOException {
        if (!a.has("bootstrap") && !a.has("against")) {
            return;
        }
        int resamples = a.intValue("bootstrap", 1000);
        long seed = a.longValue("bootstrap-seed", Bootstrap.DEFAULT_SEED);
        try {
            Bootstrap.Outcomes mine = BootstrapReport.outcomes(tagger, data, a.require("model"));
            if (a.has("bootstrap")) {
                out.print(BootstrapReport.intervals(Bootstrap.intervals(mine, resamples, seed)));
            }
            if (a.has("against")) {
                Tagger other = Tagger.load(Path.of(a.get("against", "")), tagger.kernels());
                other = other.withDecoding(CliSupport.decoding("eval", a, other.decoding()));
                Bootstrap.Outcomes theirs = BootstrapReport.outcomes(other, data, a.get("against", ""));
                out.print(BootstrapReport.comparison(a.require("model"), a.get("against", ""),
                        Bootstrap.compare(mine, theirs, resamples, seed)));
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException("eval: " + e.getMessage());
        }
    }

    /** The tagger decoding as --decode says (its model's decode when absent); only slot labels decode. */
    static Tagger decoded(Tagger tagger, Args a) {
        Decoding d = CliSupport.decoding(a.command(), a, tagger.decoding());
        if (d != Decoding.ARGMAX && !tagger.task().hasSlots()) {
            throw new UsageException(a.command() + ": --decode " + d.id() + " decodes slot labels; this is an intent model");
        }
        return tagger.withDecoding(d);
    }

    /**
     * The reliability tables: per word (chosen label against the gold one) for a slot or joint model,
     * per utterance (top intent against the gold one) for an intent or joint model.
     */
    static String calibration(Tagger tagger, List<Utterance> data) {
        List<String[]> words = new java.util.ArrayList<>(data.size());
        for (Utterance u : data) {
            words.add(u.words());
        }
        Calibration perWord = new Calibration(10);
        Calibration perIntent = new Calibration(10);
        List<Analysis> all = tagger.analyzeAllWords(words, 1);
        for (int i = 0; i < data.size(); i++) {
            Analysis an = all.get(i);
            Utterance u = data.get(i);
            if (tagger.task().hasSlots()) {
                for (int t = 0; t < an.words().size(); t++) {
                    Analysis.Word w = an.words().get(t);
                    perWord.add(w.probability(), w.label().equals(u.slots()[t]));
                }
            }
            if (tagger.task().hasIntent() && an.intent() != null) {
                perIntent.add(an.intentProbability(), an.intent().equals(u.intent()));
            }
        }
        StringBuilder sb = new StringBuilder();
        if (tagger.task().hasSlots()) {
            sb.append(perWord.format("per-word chosen-label probability", "words"));
        }
        if (tagger.task().hasIntent()) {
            sb.append(perIntent.format("intent probability", "utterances"));
        }
        return sb.toString();
    }

    /** A split folder, a file, or a dataset folder with train/dev/test (then the named split). */
    static List<Utterance> read(Path path, String split) throws IOException {
        if (Files.isDirectory(path) && !Files.exists(path.resolve(Readers.WORDS_FILE))) {
            Path found = Splits.find(path, split.equals("dev") ? new String[] {"dev", "valid"} : new String[] {split});
            if (found == null) {
                throw new UsageException("eval: " + path + " has neither seq.in nor a '" + split + "' split");
            }
            return Readers.read(found);
        }
        return Readers.read(path);
    }
}
