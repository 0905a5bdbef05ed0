package org.rnnslu.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.rnnslu.data.ContextWindows;
import org.rnnslu.data.LabelSet;
import org.rnnslu.io.TextLines;
import org.rnnslu.data.Vocabulary;
import org.rnnslu.inference.CrfDecoder;
import org.rnnslu.store.ModelFolder;
import org.rnnslu.io.Npy;
import org.rnnslu.kernels.Kernels;
import org.rnnslu.model.Activations;
import org.rnnslu.model.Architecture;
import org.rnnslu.model.Backward;
import org.rnnslu.model.Dims;
import org.rnnslu.model.Forward;
import org.rnnslu.model.Gradients;
import org.rnnslu.model.Network;
import org.rnnslu.model.Objective;
import org.rnnslu.model.Params;
import org.rnnslu.model.Pooling;
import org.rnnslu.model.Sgd;
import org.rnnslu.model.Task;

/**
 * {@code trace}: one call of the tutorial's {@code sentence_train} (a sentence, or any idxs matrix
 * such as one of is13's minibatches) through one training step, printed the way the Theano graph
 * computes it, with shapes, numbers next to names, and optionally every value ({@code --full}) as
 * Markdown ({@code --markdown}: the guide's worked example is this output) or dumped as .npy.
 */
final class TraceCommand implements Main.Command {

    private static final int SHOW = 5; // values shown per vector without --full
    private static final Set<String> VALUED = Set.of("model", "words", "idxs", "labels", "y", "intent", "lr", "dump",
            "kernels", "objective", "bptt");
    private static final Set<String> BOOLEANS = Set.of("full", "markdown");
    /** An embedding row counts as unit length when its norm is within this of 1. */
    private static final double UNIT_TOLERANCE = 1e-4;

    @Override
    public String summary() {
        return "walk one sentence (or any idxs) through one training step, printing every intermediate with its shape";
    }

    @Override
    public String help() {
        return String.join("\n",
                "usage: rnnslu trace --model DIR (--words \"i want to fly from boston\" | --idxs \"[[-1,-1,-1,194,358,463,208]]\")",
                "                    [--labels \"O O O O O B-fromloc.city_name\" | --y 126 | --y \"[0,0,126]\"]",
                "                    [--objective per-word|all-steps|last-step] [--lr 0.0970806646812754]",
                "                    [--bptt BS] [--full] [--markdown] [--dump OUT_DIR]",
                "",
                "Runs one call of the tutorial's sentence_train and prints what the Theano graph computes:",
                "idxs [n, cs], x [n, de*cs], each h_t and p_t, y_pred, the loss, each gradient, the update and",
                "normalize(). Numbers are printed next to the names they stand for. The model folder is only read.",
                "  --words W       a sentence: its words become indices (words.txt) and idxs = contextwin(indices, cs)",
                "  --idxs M        the idxs matrix itself, as the tutorial's arrays hold it: one row of cs word indices",
                "                  per step, -1 = padding (e.g. is13's word_batch, whose first call is one row)",
                "  --labels L      the gold labels by name, one per word (an intent model: one label)",
                "  --y Y           the gold labels by number (labels.txt line numbers, from 0): one per row, or one",
                "                  number (is13's label_last_word; with per-word it broadcasts to every row, as the",
                "                  tutorial's -mean(log p[arange(n), y]) does with a scalar y)",
                "                  default: the model's own predictions, so the step shows it reinforcing its beliefs",
                "  --objective O   per-word (the tutorial: -mean_t log p[t, y_t]), all-steps (the last row's label at",
                "                  every row), last-step (is13: -log p[n-1, y], the last row only); default: what the",
                "                  model was trained with (model.txt). A joint model takes per-word only, an intent",
                "                  model all-steps or last-step",
                "  --bptt BS       is13's loop over the sentence instead of one call: for each word t, the call of",
                "                  the windows of words max(0, t-BS+1)..t from h0 with y = y_t (label_last_word),",
                "                  then its update and normalize(), each call traced in turn (slot models; default",
                "                  objective last-step, as is13's train(); all-steps shows the broadcasting hybrid)",
                "  --intent I      a joint model's gold intent (default: its own prediction)",
                "  --full          every value: the parameters, each product, each gradient step by step (tiny models)",
                "  --markdown      Markdown: a heading per section, the values in code blocks",
                "  --dump OUT_DIR  write every intermediate and gradient, computed before the update, as .npy",
                "                  (idxs.npy, x.npy, h.npy, s.npy, y_pred.npy, q.npy with an intent head,",
                "                  grad_embeddings.npy, grad_wx.npy, ...) plus loss.txt",
                "  --kernels auto|scalar|vector",
                "");
    }

    @Override
    public int run(String[] argv, PrintStream ps, PrintStream err) throws IOException {
        Args a = new Args("trace", argv, VALUED, BOOLEANS);
        if (!a.positionals().isEmpty()) {
            throw new UsageException("trace: unexpected argument '" + a.positionals().get(0) + "'");
        }
        ModelFolder.Contents model = ModelFolder.load(Path.of(a.require("model")));
        Kernels k = CliSupport.kernels(a.get("kernels", "auto"));
        float lr = (float) a.doubleValue("lr", org.rnnslu.train.TrainSettings.TUTORIAL_LR);
        Report out = new Report(ps, a.flag("markdown"), a.flag("full"));
        Network net = new Network(model.params(), k); // our own copy: the folder is not written
        net.markEmbeddingsNormalized();
        Call call = call(a, model, net);
        int bs = a.has("bptt") ? bptt(a, model, call) : 0; // checked before anything is printed
        describeInput(out, model, call);
        if (bs > 0) {
            traceBptt(out, model, net, call, bs, lr);
        } else {
            traceCall(out, model, net, call, lr, a.has("dump") ? Path.of(a.get("dump", "")) : null);
        }
        out.close();
        return 0;
    }

    /**
     * One call of sentence_train: the windows idxs [n, cs], the targets as given (labels [n], or one
     * label broadcast), the objective, and the intent target of a model with an intent head.
     *
     * @param words what the user typed per row (--words), or null (--idxs)
     */
    record Call(int[] idxs, int n, String[] words, int[] labels, boolean scalarY, int sentenceLabel,
                Objective objective) {}

    /** --bptt BS, checked: a slot model, last-step or all-steps, no --dump (one dump per call would overwrite). */
    private static int bptt(Args a, ModelFolder.Contents model, Call call) {
        int bs = a.intValue("bptt", 0);
        if (bs < 1) {
            throw new UsageException("trace: --bptt takes a number of steps >= 1, got " + a.get("bptt", ""));
        }
        if (Params.isCrf(model.params().dims)) {
            throw new UsageException("trace: --bptt replays is13's per-word calls of a softmax model; this one has a CRF output");
        }
        if (model.task() != Task.SLOTS) {
            throw new UsageException("trace: --bptt replays is13's per-word calls of a slot model; this one is task "
                    + model.task().id());
        }
        if (call.objective() != Objective.LAST_STEP && call.objective() != Objective.ALL_STEPS) {
            throw new UsageException("trace: --bptt takes --objective last-step (is13) or all-steps (the hybrid), got "
                    + call.objective().id());
        }
        if (a.has("dump")) {
            throw new UsageException("trace: --dump writes one call; give it without --bptt");
        }
        return bs;
    }

    /**
     * is13's loop over one sentence ({@code Network.trainBpttSentence}): for word t the call of the
     * sentence's windows of words max(0, t−bs+1)..t, from h0, y = y_t; each call traced, updated and
     * normalised in turn, so call t+1 starts from the parameters call t left.
     */
    static void traceBptt(Report out, ModelFolder.Contents model, Network net, Call sentence, int bs, float lr)
            throws IOException {
        int cs = model.params().dims.cs();
        int n = sentence.n();
        for (int t = 0; t < n; t++) {
            int from = Math.max(0, t - bs + 1);
            int m = t - from + 1;
            int y = sentence.labels()[t];
            int[] idxs = Arrays.copyOfRange(sentence.idxs(), from * cs, (t + 1) * cs); // [m, cs]
            int[] labels = new int[m];
            Arrays.fill(labels, y); // one number: label_last_word
            String[] words = sentence.words() == null ? null : Arrays.copyOfRange(sentence.words(), from, t + 1);
            out.section("is13 call " + (t + 1) + " of " + n + ": word_batch = the windows of words " + from + ".." + t
                    + " (" + m + " row" + (m == 1 ? "" : "s") + "), label_last_word = y[" + t + "] = "
                    + model.labels().label(y) + " (" + y + ")", null);
            traceCall(out, model, net, new Call(idxs, m, words, labels, m > 1, y, sentence.objective()), lr, null);
        }
    }

    /**
     * Traces one call through forward, loss, backward, update and normalize, leaving the updated
     * parameters in {@code net} (so calling it again traces the next call of a training loop, as
     * is13's per-word calls of one sentence follow one another).
     */
    static void traceCall(Report out, ModelFolder.Contents model, Network net, Call call, float lr, Path dump)
            throws IOException {
        Params params = net.params;
        int n = call.n();
        double loss = net.lossAndGradientsOfWindows(call.idxs(), n, call.labels(), call.sentenceLabel(), call.objective());
        Activations act = net.activations();
        Gradients g = net.gradients();
        Params before = params.copy();
        if (out.full) {
            parameters(out, before);
        }
        windows(out, model, call);
        inputs(out, before, act, n);
        scan(out, before, act, n);
        softmax(out, model, call, act, n, net.kernels());
        double[] weights = Params.isCrf(params.dims) ? crfLoss(out, model, call, act, net.kernels(), loss)
                : loss(out, model, call, act, loss);
        gradients(out, model, call, act, net.scratch(), g, weights);
        if (dump != null) {
            dump(out, dump, act, g, predictions(model.params(), net.kernels(), act, n), loss, params.dims, n);
        }
        update(out, net, before, g, lr);
        normalize(out, model, before, g, lr);
        double after = net.lossAndGradientsOfWindows(call.idxs(), n, call.labels(), call.sentenceLabel(), call.objective());
        out.section("10. the same call after the step", null);
        out.line(String.format(Locale.ROOT, "loss %.6f -> %.6f", loss, after));
    }

    // ---- the input: words or idxs, labels or y, the objective --------------------------------------

    private static Call call(Args a, ModelFolder.Contents model, Network net) {
        Dims d = model.params().dims;
        if (a.has("words") == a.has("idxs")) {
            throw new UsageException("trace: give either --words or --idxs (see trace --help)");
        }
        if (a.has("labels") && a.has("y")) {
            throw new UsageException("trace: give either --labels (names) or --y (numbers), not both");
        }
        String[] words = null;
        int[] idxs;
        int n;
        if (a.has("words")) {
            words = TextLines.tokens(a.get("words", ""));
            if (words.length == 0) {
                throw new UsageException("trace: --words is empty");
            }
            n = words.length;
            idxs = new int[n * d.cs()];
            ContextWindows.contextWindow(model.vocabulary().encode(words), n, d.cs(), idxs);
        } else {
            idxs = parseIdxs(a.get("idxs", ""), d);
            n = idxs.length / d.cs();
        }
        Objective objective = a.has("bptt") && !a.has("objective") ? Objective.LAST_STEP : objective(a, model);
        int[] labels = new int[n];
        boolean scalarY = targets(a, model, net, idxs, n, labels);
        int sentenceLabel = sentenceLabel(a, model, net, idxs, n, labels, objective);
        return new Call(idxs, n, words, labels, scalarY, sentenceLabel, objective);
    }

    /**
     * Fills labels[0..n) from --labels, --y or the model's predictions; returns true when one label
     * was given for a call of several rows (it is then every row's, as numpy broadcasts a scalar y).
     */
    private static boolean targets(Args a, ModelFolder.Contents model, Network net, int[] idxs, int n, int[] labels) {
        LabelSet names = model.labels();
        int[] given;
        if (a.has("labels")) {
            String[] tokens = TextLines.tokens(a.get("labels", ""));
            given = new int[tokens.length];
            for (int i = 0; i < tokens.length; i++) {
                given[i] = index(names, tokens[i]);
            }
        } else if (a.has("y")) {
            given = parseY(a.get("y", ""), names.size());
        } else {
            predict(model, net, idxs, n, labels);
            return false;
        }
        String flag = a.has("labels") ? "--labels" : "--y";
        if (model.task() == Task.INTENT && given.length != 1) {
            throw new UsageException("trace: an intent model takes one label in " + flag + ", got " + given.length);
        }
        if (given.length != 1 && given.length != n) {
            throw new UsageException("trace: " + flag + " has " + given.length + " labels for " + n + " rows (give "
                    + n + ", or one for every row)");
        }
        if (given.length == 1 && n > 1 && a.has("labels") && model.task() != Task.INTENT) {
            throw new UsageException("trace: --labels has 1 label for " + n + " words (one per word; --y N broadcasts one number)");
        }
        for (int t = 0; t < n; t++) {
            labels[t] = given[given.length == 1 ? 0 : t];
        }
        return given.length == 1 && n > 1;
    }

    /** The model's own labels for the call: argmax p per row (slots), or the intent it reads (intent). */
    private static void predict(ModelFolder.Contents model, Network net, int[] idxs, int n, int[] labels) {
        Activations act = net.forwardWindows(idxs, n);
        if (model.task() != Task.INTENT) {
            System.arraycopy(predictions(model.params(), net.kernels(), act, n), 0, labels, 0, n);
            return;
        }
        int intent;
        if (act.q.length > 0 && model.params().dims.hasIntentHead()) {
            intent = Forward.intentArgmax(act);
        } else if (model.params().dims.pool() == Pooling.MEAN) {
            intent = Forward.meanArgmax(act, 0, new float[model.params().dims.nc()]);
        } else {
            intent = Forward.argmaxRow(act, n - 1);
        }
        Arrays.fill(labels, intent);
    }

    /** The intent target (an intent model's label, a joint model's --intent or prediction), or the last row's label. */
    private static int sentenceLabel(Args a, ModelFolder.Contents model, Network net, int[] idxs, int n, int[] labels,
                                     Objective objective) {
        Task task = model.task();
        if (a.has("intent") && task != Task.JOINT) {
            throw new UsageException("trace: --intent is for a joint model; this one is task " + task.id());
        }
        if (task == Task.INTENT || task == Task.SLOTS) {
            return objective == Objective.PER_WORD ? -1 : labels[n - 1]; // label_last_word
        }
        if (a.has("intent")) {
            return index(model.intents(), a.get("intent", ""));
        }
        return Forward.intentArgmax(net.forwardWindows(idxs, n));
    }

    /** --objective, checked against what the task can train; default: what trained the model. */
    private static Objective objective(Args a, ModelFolder.Contents model) {
        if (!a.has("objective")) {
            return model.trainedWith();
        }
        String name = a.get("objective", "");
        Objective o = Objective.parse(name);
        if (o == null) {
            throw new UsageException("trace: --objective takes per-word, all-steps or last-step, got '" + name + "'");
        }
        if (model.task() == Task.INTENT && o == Objective.PER_WORD) {
            throw new UsageException("trace: --objective per-word needs a label per word; an intent model has one"
                    + " per sentence (all-steps or last-step)");
        }
        if (Params.isCrf(model.params().dims) && o != Objective.PER_WORD) {
            throw new UsageException("trace: a CRF model's loss is the sentence's, -log p(y|x); --objective " + name
                    + " is for a softmax model");
        }
        if (model.task() == Task.JOINT && o != Objective.PER_WORD) {
            throw new UsageException("trace: a joint model trains per-word slots plus its intent head; --objective "
                    + name + " is for a slot or intent model");
        }
        return o;
    }

    /** "[[-1,-1,-1,194,358,463,208], [...]]" (commas or spaces) -> the rows, flat.   [n*cs] */
    static int[] parseIdxs(String text, Dims d) {
        List<List<Integer>> rows = new ArrayList<>();
        String s = text.strip();
        if (!s.startsWith("[[") || !s.endsWith("]]")) {
            throw new UsageException("trace: --idxs is a matrix, one row of " + d.cs() + " indices per step, like"
                    + " [[-1,-1,-1,194,358,463,208]]; got '" + abbreviate(text) + "'");
        }
        for (String row : s.substring(1, s.length() - 1).split("]")) {
            String r = row.strip();
            if (r.startsWith(",")) {
                r = r.substring(1).strip();
            }
            if (r.isEmpty()) {
                continue;
            }
            if (!r.startsWith("[")) {
                throw new UsageException("trace: --idxs: expected '[' before '" + abbreviate(r) + "'");
            }
            rows.add(integers(r.substring(1), "--idxs"));
        }
        if (rows.isEmpty()) {
            throw new UsageException("trace: --idxs has no rows");
        }
        int[] flat = new int[rows.size() * d.cs()];
        for (int t = 0; t < rows.size(); t++) {
            List<Integer> row = rows.get(t);
            if (row.size() != d.cs()) {
                throw new UsageException("trace: --idxs row " + t + " has " + row.size() + " indices; the model's window"
                        + " is cs = " + d.cs());
            }
            for (int j = 0; j < d.cs(); j++) {
                int v = row.get(j);
                if (v < -1 || v > d.ne()) {
                    throw new UsageException("trace: --idxs[" + t + "][" + j + "] = " + v + " is not a word index: the"
                            + " model has words 0.." + (d.ne() - 1) + " and -1 (or " + d.ne() + ") for padding");
                }
                flat[t * d.cs() + j] = v;
            }
        }
        return flat;
    }

    /** "126", "[126]" or "[0, 0, 126]" -> the label numbers, each checked against nc. */
    static int[] parseY(String text, int nc) {
        String s = text.strip();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        List<Integer> ys = integers(s, "--y");
        if (ys.isEmpty()) {
            throw new UsageException("trace: --y is empty");
        }
        int[] out = new int[ys.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ys.get(i);
            if (out[i] < 0 || out[i] >= nc) {
                throw new UsageException("trace: --y " + out[i] + " is not a label number: the model has labels 0.."
                        + (nc - 1) + " (line numbers of labels.txt, from 0)");
            }
        }
        return out;
    }

    private static List<Integer> integers(String s, String flag) {
        List<Integer> out = new ArrayList<>();
        for (String tok : s.split("[,\\s]+")) {
            if (tok.isEmpty()) {
                continue;
            }
            try {
                out.add(Integer.parseInt(tok));
            } catch (NumberFormatException e) {
                throw new UsageException("trace: " + flag + ": '" + abbreviate(tok) + "' is not an integer");
            }
        }
        return out;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    private static int index(LabelSet labels, String label) {
        int i = labels.indexOf(label);
        if (i < 0) {
            throw new UsageException("trace: label '" + label + "' is not in the model's labels (--y takes numbers)");
        }
        return i;
    }

    // ---- the sections -------------------------------------------------------------------------------

    private static void describeInput(Report out, ModelFolder.Contents model, Call call) {
        Dims d = model.params().dims;
        Vocabulary vocab = model.vocabulary();
        out.section("0. the call", null);
        if (call.words() != null) {
            out.line("the sentence -> word indices (words.txt line numbers, after preprocessing):");
            int half = d.cs() / 2;
            for (int t = 0; t < call.n(); t++) {
                int idx = call.idxs()[t * d.cs() + half];
                out.line(String.format(Locale.ROOT, "  %-16s -> %-16s index %d", call.words()[t], vocab.word(idx), idx));
            }
        } else {
            out.line("idxs given as they are: " + call.n() + " row" + (call.n() == 1 ? "" : "s") + " of cs = " + d.cs()
                    + " indices (sentence_train(idxs, y, lr) binds the T.imatrix placeholder to them)");
        }
        out.line(String.format(Locale.ROOT, "model: ne=%d words, de=%d, cs=%d (window), nh=%d hidden, nc=%d classes%s, task %s",
                d.ne(), d.de(), d.cs(), d.nh(), d.nc(), d.hasIntentHead() ? ", ni=" + d.ni() + " intents (head on "
                        + poolName(d.pool()) + ")" : "", model.task().id()));
        out.line("objective: " + call.objective().id() + (call.objective() == model.trainedWith()
                ? " (what trained the model)" : " (the model was trained with " + model.trainedWith().id() + ")"));
    }

    private static void parameters(Report out, Params p) {
        out.section("the parameters before the call", null);
        Dims d = p.dims;
        for (String name : p.names()) {
            int[] shape = Params.shapeOf(d, name);
            int cols = shape.length == 2 ? shape[1] : shape[0];
            matrix(out, name + " " + shape(shape), p.byName(name), 0, p.byName(name).length / cols, cols);
        }
    }

    private static void windows(Report out, ModelFolder.Contents model, Call call) {
        Dims d = model.params().dims;
        int cs = d.cs();
        out.section("1. idxs = T.imatrix(), bound to " + (call.words() != null ? "contextwin(sentence, cs)" : "the idxs given"),
                "shape [n, cs] = [" + call.n() + ", " + cs + "]");
        out.line("Each row is the cs word indices of one step's window, the word itself in the middle. -1 stands");
        out.line("for a position outside the sentence; embeddings[-1] is, as in numpy, the LAST row (row ne = "
                + d.ne() + "),");
        out.line("the padding vector, trained like any other row.");
        for (int t = 0; t < call.n(); t++) {
            int[] row = Arrays.copyOfRange(call.idxs(), t * cs, (t + 1) * cs);
            StringBuilder names = new StringBuilder();
            for (int j = 0; j < cs; j++) {
                names.append(j == 0 ? "" : " ").append(wordName(model, row[j]));
            }
            out.line(String.format(Locale.ROOT, "t=%-2d %s   = %s", t, Arrays.toString(row), names));
        }
    }

    private static void inputs(Report out, Params p, Activations act, int n) {
        Dims d = p.dims;
        out.section("2. x = emb[idxs].reshape((n, de*cs))", "emb[idxs] [n, cs, de] = [" + n + ", " + d.cs() + ", "
                + d.de() + "] -> x [n, de*cs] = [" + n + ", " + d.inputDim() + "]");
        out.line("Row t is the cs embedding rows of window t side by side: the network's input at step t.");
        out.line("When every row has unit length (after normalize()), |x_t| = sqrt(cs) = "
                + String.format(Locale.ROOT, "%.4f", Math.sqrt(d.cs())) + ".");
        for (int t = 0; t < n; t++) {
            if (out.full) {
                StringBuilder parts = new StringBuilder();
                for (int j = 0; j < d.cs(); j++) {
                    parts.append(j == 0 ? "" : " ++ ").append("emb[").append(act.idxs[t * d.cs() + j]).append("]");
                }
                out.line("x[" + t + "] = " + parts);
                out.line("     = " + vec(out, act.x, t * d.inputDim(), d.inputDim()));
            } else {
                out.line("x[" + t + "] = " + vec(out, act.x, t * d.inputDim(), d.inputDim()));
            }
        }
    }

    private static void scan(Report out, Params p, Activations act, int n) {
        Dims d = p.dims;
        int nh = d.nh();
        if (!d.arch().withOutput(Architecture.Output.SOFTMAX).isTutorial()) { // bi or Jordan (a CRF output changes no scan)
            otherScan(out, p, act, n);
            return;
        }
        out.section("3. the scan: [h, s], _ = theano.scan(fn=recurrence, sequences=x, outputs_info=[h0, None])",
                "h_t = sigmoid(x_t . wx + h_{t-1} . wh + bh),  h_{-1} = h0   each [nh] = [" + nh + "]");
        out.line("scan calls recurrence(x_t, h_tm1) once per row of x. outputs_info gives one entry per output of");
        out.line("recurrence: h0 is the first h_tm1, and h_t is fed back as the next step's h_tm1; None says s_t is");
        out.line("produced at every step but not fed back (it is only collected into s).");
        out.line("rnnslu computes x . wx for all rows at once (it does not depend on h); only h . wh is sequential.");
        out.line("h0   = " + vec(out, p.h0, 0, nh));
        for (int t = 0; t < n; t++) {
            if (out.full) {
                double[] xw = product(act.x, t * d.inputDim(), p.wx, d.inputDim(), nh);
                double[] hw = product(act.hPrev, t * nh, p.wh, nh, nh);
                double[] pre = new double[nh];
                for (int i = 0; i < nh; i++) {
                    pre[i] = xw[i] + hw[i] + p.bh[i];
                }
                String step = String.format(Locale.ROOT, "t=%-3d", t);
                String pad = " ".repeat(step.length());
                out.line(String.format(Locale.ROOT, "%s%-22s= %s", step, "x[" + t + "] . wx", vec(out, xw)));
                out.line(String.format(Locale.ROOT, "%s%-22s= %s", pad, (t == 0 ? "h0" : "h[" + (t - 1) + "]") + " . wh",
                        vec(out, hw)));
                out.line(String.format(Locale.ROOT, "%s%-22s= %s", pad, "bh", vec(out, p.bh, 0, nh)));
                out.line(String.format(Locale.ROOT, "%s%-22s= %s", pad, "a[" + t + "] (the sum)", vec(out, pre)));
                out.line(String.format(Locale.ROOT, "%s%-22s= %s", pad, "h[" + t + "] = sigmoid(a[" + t + "])",
                        vec(out, act.h, t * nh, nh)));
            } else {
                out.line("h[" + t + "] = " + vec(out, act.h, t * nh, nh));
            }
        }
    }

    /** The bidirectional and Jordan networks' hidden states, step by step (no per-term breakdown). */
    private static void otherScan(Report out, Params p, Activations act, int n) {
        Dims d = p.dims;
        int nh = d.nh();
        if (d.jordan()) {
            out.section("3. the scan (is13's jordan.py): [h, s], _ = theano.scan(fn=recurrence, sequences=x, outputs_info=[None, s0])",
                    "h_t = sigmoid(x_t . wx + s_{t-1} . ws + bh),  s_t = softmax(h_t . w + b),  s_{-1} = s0   h_t [nh] = [" + nh + "]");
            out.line("s_{t-1} is the previous step's output distribution p[t-1] (section 4), fed back into h_t.");
            out.line("s0   = " + vec(out, p.s0, 0, d.nc()));
        } else {
            out.section("3. two scans: h left to right, hb right to left, each with its own weights",
                    "h_t = sigmoid(x_t . wx + h_{t-1} . wh + bh), h_{-1} = h0;  hb_t = sigmoid(x_t . wxb + hb_{t+1} . whb + bhb), hb_n = h0b");
            out.line("the output layer reads [h_t; hb_t] [2nh] = [" + 2 * nh + "].");
            out.line("h0   = " + vec(out, p.h0, 0, nh));
            out.line("h0b  = " + vec(out, p.h0b, 0, nh));
        }
        for (int t = 0; t < n; t++) {
            out.line("h[" + t + "] = " + vec(out, act.h, t * nh, nh));
            if (d.bidirectional()) {
                out.line("hb[" + t + "] = " + vec(out, act.hb, t * nh, nh));
            }
        }
    }

    private static void softmax(Report out, ModelFolder.Contents model, Call call, Activations act, int n, Kernels k) {
        Params p = model.params();
        Dims d = p.dims;
        int nc = d.nc();
        out.section("4. s_t = T.nnet.softmax(T.dot(h_t, w) + b); p_y_given_x_sentence = s[:, 0, :]",
                "s [n, 1, nc] = [" + n + ", 1, " + nc + "] -> p [n, nc] = [" + n + ", " + nc + "]");
        out.line("T.nnet.softmax works on matrices, so each step returns a [1, nc] row and scan stacks them into");
        out.line("[n, 1, nc]; s[:, 0, :] drops the middle axis. (is13's p_y_given_x_lastword = s[-1, 0, :] is its last row.)");
        for (int t = 0; t < n; t++) {
            int y = call.labels()[t];
            if (out.full) {
                double[] z = product(act.h, t * d.nh(), p.w, d.nh(), nc);
                double[] zb = d.bidirectional() ? product(act.hb, t * d.nh(), p.w, d.nh() * nc, d.nh(), nc) : null;
                for (int c = 0; c < nc; c++) {
                    z[c] += p.b[c] + (zb == null ? 0 : zb[c]);
                }
                out.line("z[" + t + "] = " + (zb == null ? "h[" + t + "] . w" : "[h[" + t + "]; hb[" + t + "]] . w")
                        + " + b = " + vec(out, z));
                out.line("p[" + t + "] = softmax(z[" + t + "]) = " + vec(out, act.p, t * nc, nc) + "   labels 0.." + (nc - 1));
            } else {
                out.line(String.format(Locale.ROOT, "p[%d]  top: %s   p[%d, %s] = %.4f", t, top(act.p, t * nc, nc,
                        model.labels(), 3), t, labelName(model.labels(), y), act.p[t * nc + y]));
            }
        }
        if (Params.isCrf(d)) {
            crf(out, model, act, n, k);
            out.section("5. y_pred = the Viterbi path: argmax_y score(y) with the transitions above", "shape [n] = [" + n + "]");
        } else {
            out.section("5. y_pred = T.argmax(p_y_given_x_sentence, axis=1)", "shape [n] = [" + n + "]");
        }
        int[] pred = predictions(p, k, act, n);
        for (int t = 0; t < n; t++) {
            out.line(String.format(Locale.ROOT, "t=%-2d %-18s predicted %-28s target %s", t, rowName(model, call, t),
                    labelName(model.labels(), pred[t]), labelName(model.labels(), call.labels()[t])));
        }
    }

    /** The loss section; returns weight_t of each row (what the objective puts in the loss). */
    private static double[] loss(Report out, ModelFolder.Contents model, Call call, Activations act, double loss) {
        int n = call.n();
        int nc = model.params().dims.nc();
        int[] targets = new int[n];
        float[] w = new float[n];
        call.objective().fill(call.labels(), call.sentenceLabel(), n, targets, w);
        out.section("6. loss = " + lossFormula(call.objective()), null);
        if (call.scalarY() && call.objective() == Objective.PER_WORD) {
            out.line("y is one number: numpy broadcasts it, so every row's target is " + labelName(model.labels(), call.labels()[0])
                    + " (the hybrid: all-steps).");
            out.line("is13's train() uses it for the last row only: --objective last-step.");
        }
        if (call.objective() != Objective.PER_WORD && model.task() != Task.INTENT) {
            out.line("the target is the last row's label (label_last_word = " + labelName(model.labels(), call.sentenceLabel())
                    + "), a slot label.");
        }
        double[] weights = new double[n];
        for (int t = 0; t < n; t++) {
            weights[t] = w[t];
            double term = -Math.log(act.p[t * nc + targets[t]]);
            String where = w[t] == 0f ? "   not in the loss (last-step keeps only t = n-1; dz_t = 0, but h_t still"
                    + " gets gradient from step t+1)" : "   weight " + String.format(Locale.ROOT, "%.4f", w[t]);
            out.line(String.format(Locale.ROOT, "t=%-2d -log p[%d, %s] = %.6f%s", t, t, labelName(model.labels(), targets[t]),
                    term, where));
        }
        if (model.params().dims.hasIntentHead()) {
            Dims d = model.params().dims;
            LabelSet intents = intentLabels(model);
            int yi = call.sentenceLabel();
            out.line(String.format(Locale.ROOT, "+ intent head: -log q[%s] = %.6f   where q = softmax(u . wi + bi) [%d],",
                    labelName(intents, yi), -Math.log(act.q[yi]), d.ni()));
            out.line("  u = " + poolName(d.pool()) + " [" + d.readWidth() + "] = "
                    + vec(out, headInput(act, n, d), 0, d.readWidth()));
            out.line("  q = " + vec(out, act.q, 0, d.ni()) + "   predicted " + labelName(intents, Forward.intentArgmax(act)));
        }
        out.line(String.format(Locale.ROOT, "loss = %.6f", loss));
        return weights;
    }

    private static void gradients(Report out, ModelFolder.Contents model, Call call, Activations act,
                                  Backward.Scratch s, Gradients g, double[] weights) {
        Params p = model.params();
        Dims d = p.dims;
        out.section("7. gradients = T.grad(loss, params), written by hand in Backward.java (BPTT)", null);
        if (out.full) {
            if (d.arch().isTutorial()) { // a CRF, bi or Jordan network: its sums only
                backwardSteps(out, model, call, act, s, weights);
            } else {
                out.line("(the step-by-step backward pass is shown for the tutorial's network only)");
            }
            out.line("");
            out.line("the gradients (Backward's own sums):");
            for (String name : p.names()) {
                int[] shape = Params.shapeOf(d, name);
                int cols = shape.length == 2 ? shape[1] : shape[0];
                matrix(out, "d" + name + " " + shape(shape), g.byName(name), 0, g.byName(name).length / cols, cols);
            }
        } else {
            for (String name : p.names()) {
                float[] grad = g.byName(name);
                out.line(String.format(Locale.ROOT, "d%-11s shape %-12s |g| = %-12.6g max|g| = %.6g", name,
                        shape(Params.shapeOf(d, name)), norm(grad, 0, grad.length), maxAbs(grad)));
            }
        }
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < g.touchedCount; i++) {
            rows.append(i == 0 ? "" : ", ").append(embeddingRowName(model, g.touchedRows[i]));
        }
        out.line("dembeddings is zero except on the rows the windows used: " + rows);
    }

    /** The backward pass one step at a time, t = n-1 .. 0, with the numbers of each formula (--full). */
    private static void backwardSteps(Report out, ModelFolder.Contents model, Call call, Activations act,
                                      Backward.Scratch s, double[] weights) {
        Params p = model.params();
        Dims d = p.dims;
        int n = call.n();
        int nh = d.nh();
        int nc = d.nc();
        int in = d.inputDim();
        double[][] headDh = headGradient(p, act, call, n);
        out.line("The loss is L = sum_t weight_t * -log p[t, y_t]. Going backwards from the last step:");
        for (int t = n - 1; t >= 0; t--) {
            out.line("");
            out.line("step t = " + t + ":");
            if (weights[t] == 0) {
                out.line("  dz[" + t + "] = 0   (this row is not in the loss)");
            } else {
                int y = targetOf(call, t);
                double[] onehot = new double[nc];
                onehot[y] = 1;
                out.line(String.format(Locale.ROOT, "  dz[%d] = weight * (p[%d] - onehot(y=%d)) = %.4f * (%s - %s)", t, t, y,
                        weights[t], vec(out, act.p, t * nc, nc), vec(out, onehot)));
                out.line("        = " + vec(out, s.dz, t * nc, nc) + "          (dL/dz, z = h . w + b)");
            }
            out.line("  db += dz[" + t + "]   dw += h[" + t + "]^T . dz[" + t + "] (an outer product [nh, nc]) =");
            outer(out, act.h, t * nh, nh, s.dz, t * nc, nc);
            double[] fromOut = productTransB(s.dz, t * nc, p.w, nh, nc);
            double[] next = t == n - 1 ? new double[nh] : productTransB(s.da, (t + 1) * nh, p.wh, nh, nh);
            double[] dh = new double[nh];
            for (int i = 0; i < nh; i++) {
                dh[i] = fromOut[i] + next[i] + headDh[t][i];
            }
            out.line("  dh[" + t + "] = dz[" + t + "] . w^T + dhNext" + (d.hasIntentHead() ? " + (from the intent head)" : ""));
            out.line("        = " + vec(out, fromOut) + " + " + vec(out, next)
                    + (d.hasIntentHead() ? " + " + vec(out, headDh[t]) : ""));
            out.line("        = " + vec(out, dh));
            out.line("  da[" + t + "] = dh[" + t + "] * h[" + t + "] * (1 - h[" + t + "])   (sigmoid' = h(1-h), element by element)");
            out.line("        = " + vec(out, s.da, t * nh, nh));
            double[] dhNext = productTransB(s.da, t * nh, p.wh, nh, nh);
            out.line("  dhNext = da[" + t + "] . wh^T = " + vec(out, dhNext) + (t == 0 ? "   = dh0 (h_{-1} = h0)"
                    : "   (to step " + (t - 1) + ")"));
            out.line("  dbh += da[" + t + "]   dwh += " + (t == 0 ? "h0" : "h[" + (t - 1) + "]") + "^T . da[" + t
                    + "] [nh, nh] =");
            outer(out, act.hPrev, t * nh, nh, s.da, t * nh, nh);
            out.line("  dwx += x[" + t + "]^T . da[" + t + "] [de*cs, nh] =");
            outer(out, act.x, t * in, in, s.da, t * nh, nh);
            out.line("  dx[" + t + "] = da[" + t + "] . wx^T = " + vec(out, s.dx, t * in, in));
            for (int j = 0; j < d.cs(); j++) {
                int idx = act.idxs[t * d.cs() + j];
                out.line("    demb[" + idx + "] += dx[" + t + "][" + (j * d.de()) + ":" + ((j + 1) * d.de()) + "] = "
                        + vec(out, s.dx, t * in + j * d.de(), d.de()) + "   (" + embeddingRowName(model, idx < 0 ? d.padRow() : idx) + ")");
            }
        }
    }

    /** The outer product a^T . b of a row a [m] and a row b [k], one line per row of the [m, k] result. */
    private static void outer(Report out, float[] a, int aOff, int m, float[] b, int bOff, int k) {
        for (int i = 0; i < m; i++) {
            double[] row = new double[k];
            for (int j = 0; j < k; j++) {
                row[j] = (double) a[aOff + i] * b[bOff + j];
            }
            out.line(String.format(Locale.ROOT, "      %-3d %s", i, vec(out, row)));
        }
    }

    /** The row t target the objective uses (its own label, or the sentence label). */
    private static int targetOf(Call call, int t) {
        return call.objective() == Objective.PER_WORD ? call.labels()[t] : call.sentenceLabel();
    }

    /** dL_intent/dh_t for each step: du = wi . (q - onehot(y)) sent where the pooling read h.   [n][nh] */
    private static double[][] headGradient(Params p, Activations act, Call call, int n) {
        Dims d = p.dims;
        int nh = d.nh();
        double[][] dh = new double[n][nh];
        if (!d.hasIntentHead()) {
            return dh;
        }
        int ni = d.ni();
        double[] du = new double[nh];
        for (int i = 0; i < nh; i++) {
            for (int c = 0; c < ni; c++) {
                du[i] += p.wi[i * ni + c] * (act.q[c] - (c == call.sentenceLabel() ? 1 : 0));
            }
        }
        for (int i = 0; i < nh; i++) {
            if (d.pool() == Pooling.LAST) {
                dh[n - 1][i] = du[i];
            } else if (d.pool() == Pooling.MEAN) {
                for (int t = 0; t < n; t++) {
                    dh[t][i] = du[i] / n;
                }
            } else {
                dh[act.hArg[i]][i] = du[i];
            }
        }
        return dh;
    }

    private static void update(Report out, Network net, Params before, Gradients g, float lr) {
        Params params = net.params;
        out.section("8. the update: updates = OrderedDict((p, p - lr*g) for p, g in zip(params, gradients))",
                "lr = " + lr);
        out.line("theano.function(..., updates=...) computes the outputs (the loss) first, then assigns every new");
        out.line("value at once, so all gradients are taken at the old parameters. The parameters are shared");
        out.line("variables: they keep the new values after the call, which is why calling sentence_train again and");
        out.line("again is training.");
        Sgd.update(net.kernels(), params, g, lr, rowsNotUnit(before) > 0);
        for (String name : params.names()) {
            float[] was = before.byName(name);
            float[] now = params.byName(name);
            if (out.full) {
                if (name.equals("embeddings")) {
                    out.line("embeddings: only the rows used change (then normalize(), section 9)");
                    continue;
                }
                int[] shape = Params.shapeOf(params.dims, name);
                int cols = shape.length == 2 ? shape[1] : shape[0];
                float[] stepped = new float[was.length];
                for (int i = 0; i < was.length; i++) {
                    stepped[i] = was[i] - lr * g.byName(name)[i];
                }
                out.line(String.format(Locale.ROOT, "%s[0]: %.5f - %s * %.5f = %.5f", name, was[0], lr, g.byName(name)[0],
                        stepped[0]));
                matrix(out, name + " after", stepped, 0, was.length / cols, cols);
                continue;
            }
            double delta = 0;
            for (int i = 0; i < was.length; i++) {
                delta += ((double) now[i] - was[i]) * ((double) now[i] - was[i]);
            }
            out.line(String.format(Locale.ROOT, "%-11s |delta| = %-12.6g |p| = %-10.6g relative %.3g", name, Math.sqrt(delta),
                    norm(was, 0, was.length), Math.sqrt(delta) / Math.max(1e-30, norm(was, 0, was.length))));
        }
    }

    private static void normalize(Report out, ModelFolder.Contents model, Params before, Gradients g, float lr) {
        Params p = model.params();
        int de = p.dims.de();
        int notUnit = rowsNotUnit(before);
        out.section("9. normalize(): emb / sqrt((emb**2).sum(axis=1)).dimshuffle(0, 'x')",
                "every one of the ne+1 = " + (p.dims.ne() + 1) + " embedding rows rescaled to unit L2 norm");
        out.line("Why: only the rows a call uses move, and SGD would let frequent words' vectors grow while others");
        out.line("stay small; on the unit sphere every word enters x_t at the same scale (|x_t| = sqrt(cs)), and");
        out.line("a word's vector can only turn, not grow, so its direction is all that it learns.");
        if (notUnit == 0) {
            out.line("Every row had unit length before the call, so only the rows the call used can have changed;");
            out.line("their norms after the SGD step and after normalize():");
        } else {
            out.line(notUnit + " of the " + (p.dims.ne() + 1) + " rows did not have unit length before the call (a folder saved");
            out.line("before any normalize(), e.g. a fresh one): the tutorial's normalize() rescales EVERY row, and so does");
            out.line("this trace (rnnslu's trainer does it at its first step, then only the rows used). The rows used:");
        }
        for (int i = 0; i < g.touchedCount; i++) {
            int r = g.touchedRows[i];
            double stepped = 0;
            for (int c = 0; c < de; c++) {
                double v = before.embeddings[r * de + c] - lr * g.dEmbeddings[r * de + c];
                stepped += v * v;
            }
            out.line(String.format(Locale.ROOT, "row %-4d %-22s |row| after the step %.6f -> after normalize %.6f", r,
                    "(" + embeddingRowName(model, r) + ")", Math.sqrt(stepped), norm(p.embeddings, r * de, de)));
            if (out.full) {
                double[] v = new double[de];
                for (int c = 0; c < de; c++) {
                    v[c] = before.embeddings[r * de + c] - lr * g.dEmbeddings[r * de + c];
                }
                out.line("    " + vec(out, before.embeddings, r * de, de) + " - lr * " + vec(out, g.dEmbeddings, r * de, de));
                out.line("    = " + vec(out, v) + "  / " + String.format(Locale.ROOT, "%.6f", Math.sqrt(stepped))
                        + "  = " + vec(out, p.embeddings, r * de, de));
            }
        }
        if (notUnit > 0) {
            out.line("and the " + notUnit + " rows not unit length before, now all 1 (the largest error: "
                    + String.format(Locale.ROOT, "%.2g", maxUnitError(p)) + ")");
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------

    /** How many embedding rows are not unit length (a folder saved before any normalize()). */
    static int rowsNotUnit(Params p) {
        int de = p.dims.de();
        int count = 0;
        for (int r = 0; r <= p.dims.ne(); r++) {
            if (Math.abs(norm(p.embeddings, r * de, de) - 1) > UNIT_TOLERANCE) {
                count++;
            }
        }
        return count;
    }

    private static double maxUnitError(Params p) {
        int de = p.dims.de();
        double max = 0;
        for (int r = 0; r <= p.dims.ne(); r++) {
            max = Math.max(max, Math.abs(norm(p.embeddings, r * de, de) - 1));
        }
        return max;
    }

    /** The model's labels of the call: argmax p per row, or a CRF model's Viterbi path. */
    private static int[] predictions(Params p, Kernels k, Activations act, int n) {
        int[] pred = new int[n];
        if (Params.isCrf(p.dims)) {
            new CrfDecoder(p, k).best(act, 0, pred);
        } else {
            Forward.argmax(act, pred);
        }
        return pred;
    }

    /**
     * A CRF output layer: the emission scores z (the softmax's inputs), the transition scores the
     * forward algorithm and Viterbi use, log Z and each word's marginal P(y_t = c | x).
     */
    private static void crf(Report out, ModelFolder.Contents model, Activations act, int n, Kernels k) {
        Params p = model.params();
        int nc = p.dims.nc();
        LabelSet labels = model.labels();
        out.section("4b. the CRF output layer: score(y) = start[y_0] + sum_t z[t, y_t] + sum_t trans[y_{t-1}, y_t]"
                + " + end[y_{n-1}]", "z [n, nc] = [" + n + ", " + nc + "], trans [nc, nc], start [nc], end [nc]");
        out.line("p above is each word's own softmax; the model's distribution is p(y | x) = exp(score(y)) / Z over");
        out.line("whole label sequences, Z by the forward algorithm (log-sum-exp), the marginals by forward-backward.");
        for (int t = 0; t < n && out.full; t++) {
            out.line("z[" + t + "] = " + vec(out, act.z, t * nc, nc));
        }
        if (out.full) {
            matrix(out, "trans [nc, nc] (row = previous label, column = next label)", p.trans, 0, nc, nc);
            out.line("start = " + vec(out, p.start, 0, nc));
            out.line("end   = " + vec(out, p.end, 0, nc));
        } else {
            out.line("start  top: " + top(p.start, 0, nc, labels, 3) + "   end  top: " + top(p.end, 0, nc, labels, 3));
        }
        CrfDecoder decoder = new CrfDecoder(p, k);
        int[] path = new int[n];
        double best = decoder.best(act, 0, path);
        float[] marginals = decoder.marginals(act, 0);
        out.line(String.format(Locale.ROOT, "log Z = %.6f   (%s recurrences)", decoder.logZ(),
                decoder.workspace().expSpace() ? "exp-space" : "log-space"));
        for (int t = 0; t < n; t++) {
            String step = t == 0 ? String.format(Locale.ROOT, "start[%s] = %.4f", labels.label(path[0]), p.start[path[0]])
                    : String.format(Locale.ROOT, "trans[%s -> %s] = %.4f", labels.label(path[t - 1]), labels.label(path[t]),
                            p.trans[path[t - 1] * nc + path[t]]);
            out.line(String.format(Locale.ROOT, "t=%-2d viterbi %-28s z = %9.4f  %s   marginal %.4f   marginals top: %s", t,
                    labelName(labels, path[t]), act.z[t * nc + path[t]], step, marginals[t * nc + path[t]],
                    top(marginals, t * nc, nc, labels, 3)));
        }
        out.line(String.format(Locale.ROOT, "end[%s] = %.4f;  Viterbi score %.6f, p(path | x) = exp(score - log Z) = %.6f",
                labels.label(path[n - 1]), p.end[path[n - 1]], best, Math.exp(best - decoder.logZ())));
    }

    /** A CRF model's loss section: L = (1/n) * (log Z - score(y)); returns the weights (1/n each). */
    private static double[] crfLoss(Report out, ModelFolder.Contents model, Call call, Activations act, Kernels k,
                                    double loss) {
        int n = call.n();
        Params p = model.params();
        CrfDecoder decoder = new CrfDecoder(p, k);
        decoder.marginals(act, 0);
        double score = org.rnnslu.model.Crf.score(p, decoder.workspace().emissions(n), call.labels(), n);
        out.section("6. loss = (1/n) * -log p(y | x) = (1/n) * (log Z - score(y))   (the CRF's sentence loss)", null);
        out.line(String.format(Locale.ROOT, "score(y) = %.6f   log Z = %.6f   p(y | x) = %.6f   n = %d", score, decoder.logZ(),
                Math.exp(score - decoder.logZ()), n));
        out.line("dz[t] = (1/n) * (P(y_t = . | x) - onehot(y_t)); dtrans, dstart, dend: marginals minus the path's counts");
        out.line(String.format(Locale.ROOT, "loss = %.6f", loss));
        double[] weights = new double[n];
        Arrays.fill(weights, 1.0 / n);
        return weights;
    }

    /** The intent head's input u: h at the last step, mean_t h_t or max_t h_t.   [nh] */
    private static float[] headInput(Activations act, int n, Dims d) {
        int nh = d.nh();
        if (d.pool() != Pooling.LAST) {
            return Arrays.copyOf(act.hPool, d.readWidth());
        }
        float[] u = Arrays.copyOf(Arrays.copyOfRange(act.h, (n - 1) * nh, n * nh), d.readWidth());
        if (d.bidirectional()) { // [h_{n-1}; hb_0]
            System.arraycopy(act.hb, 0, u, nh, nh);
        }
        return u;
    }

    private static String poolName(Pooling pool) {
        switch (pool) {
            case MEAN: return "u = mean_t h_t";
            case MAX: return "u = max_t h_t, unit by unit";
            default: return "u = h[n-1], the last step";
        }
    }

    private static LabelSet intentLabels(ModelFolder.Contents model) {
        return model.intents() != null ? model.intents() : model.labels();
    }

    private static String lossFormula(Objective o) {
        switch (o) {
            case PER_WORD: return "-T.mean(T.log(p)[T.arange(n), y])   = -mean_t log p[t, y_t]";
            case ALL_STEPS: return "-mean_t log p[t, y]   (one label y as the target of every row)";
            default: return "-T.log(s[-1, 0, :])[y]   = -log p[n-1, y]   (the last row only, is13's nll)";
        }
    }

    private static String labelName(LabelSet labels, int i) {
        return labels.label(i) + " (" + i + ")";
    }

    private static String wordName(ModelFolder.Contents model, int idx) {
        return idx < 0 || idx == model.params().dims.ne() ? "<pad>" : model.vocabulary().word(idx);
    }

    private static String embeddingRowName(ModelFolder.Contents model, int row) {
        return row == model.params().dims.padRow() ? row + " padding" : row + " " + model.vocabulary().word(row);
    }

    /** What row t stands for: the word typed, or the middle index of its window. */
    private static String rowName(ModelFolder.Contents model, Call call, int t) {
        if (call.words() != null) {
            return call.words()[t];
        }
        int cs = model.params().dims.cs();
        int mid = call.idxs()[t * cs + cs / 2];
        return wordName(model, mid) + " (" + mid + ")";
    }

    /** v . m for a row v at off and m [rows, cols], in double (the numbers shown, not the ones used). */
    private static double[] product(float[] v, int off, float[] m, int rows, int cols) {
        return product(v, off, m, 0, rows, cols);
    }

    /** v . m for m [rows, cols] starting at mOff of its array. */
    private static double[] product(float[] v, int off, float[] m, int mOff, int rows, int cols) {
        double[] out = new double[cols];
        for (int i = 0; i < rows; i++) {
            for (int c = 0; c < cols; c++) {
                out[c] += (double) v[off + i] * m[mOff + i * cols + c];
            }
        }
        return out;
    }

    /** v . m^T for a row v [cols] at off and m [rows, cols].   [rows] */
    private static double[] productTransB(float[] v, int off, float[] m, int rows, int cols) {
        double[] out = new double[rows];
        for (int i = 0; i < rows; i++) {
            for (int c = 0; c < cols; c++) {
                out[i] += (double) v[off + c] * m[i * cols + c];
            }
        }
        return out;
    }

    private static void dump(Report out, Path dir, Activations act, Gradients g, int[] pred, double loss, Dims d, int n)
            throws IOException {
        // a folder swap like a model's: a folder that is not an rnnslu dump (and not empty) is refused
        org.rnnslu.io.FolderSwap.replace(dir, org.rnnslu.io.FolderSwap.Kind.TRACE,
                tmp -> writeDump(tmp, act, g, pred, loss, d, n));
        out.line("dumped to " + dir + ": idxs.npy x.npy h.npy" + (d.bidirectional() ? " hb.npy" : "") + " s.npy"
                + (d.hasIntentHead() ? " q.npy" : "")
                + " y_pred.npy grad_*.npy loss.txt (before the update; idxs and y_pred as float64 holding integers)");
    }

    private static void writeDump(Path dir, Activations act, Gradients g, int[] pred, double loss, Dims d, int n)
            throws IOException {
        double[] idxs = new double[n * d.cs()];
        for (int i = 0; i < idxs.length; i++) {
            idxs[i] = act.idxs[i];
        }
        Npy.writeDouble(dir.resolve("idxs.npy"), idxs, n, d.cs());
        Npy.write(dir.resolve("x.npy"), Arrays.copyOf(act.x, n * d.inputDim()), n, d.inputDim());
        Npy.write(dir.resolve("h.npy"), Arrays.copyOf(act.h, n * d.nh()), n, d.nh());
        if (d.bidirectional()) {
            Npy.write(dir.resolve("hb.npy"), Arrays.copyOf(act.hb, n * d.nh()), n, d.nh());
        }
        Npy.write(dir.resolve("s.npy"), Arrays.copyOf(act.p, n * d.nc()), n, 1, d.nc());
        if (d.hasIntentHead()) {
            Npy.write(dir.resolve("q.npy"), Arrays.copyOf(act.q, d.ni()), d.ni());
        }
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            y[t] = pred[t];
        }
        Npy.writeDouble(dir.resolve("y_pred.npy"), y, n);
        for (String name : Params.names(d)) {
            Npy.write(dir.resolve("grad_" + name + ".npy"), g.byName(name), Params.shapeOf(d, name));
        }
        org.rnnslu.io.AtomicFiles.writeLines(dir.resolve("loss.txt"), List.of(String.format(Locale.ROOT, "%.9g", loss)));
    }

    private static String vec(Report out, float[] a, int off, int len) {
        double[] v = new double[len];
        for (int i = 0; i < len; i++) {
            v[i] = a[off + i];
        }
        return vec(out, v);
    }

    private static String vec(Report out, double[] a) {
        int shown = out.full ? a.length : Math.min(SHOW, a.length);
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shown; i++) {
            String v = String.format(Locale.ROOT, out.full ? "%.5f" : "%.4f", a[i]);
            sb.append(i == 0 ? "" : ", ").append(v.matches("-0\\.0+") ? v.substring(1) : v); // no "-0.00000"
        }
        if (a.length > shown) {
            sb.append(", ... ").append(a.length - shown).append(" more");
        }
        sb.append("]");
        if (!out.full) {
            double s = 0;
            for (double v : a) {
                s += v * v;
            }
            sb.append("  |.| = ").append(String.format(Locale.ROOT, "%.4f", Math.sqrt(s)));
        }
        return sb.toString();
    }

    /** A [rows, cols] array, one row a line (a vector: one line). */
    private static void matrix(Report out, String title, float[] a, int off, int rows, int cols) {
        if (rows == 1) {
            out.line(title + " = " + vec(out, a, off, cols));
            return;
        }
        out.line(title + " =");
        for (int r = 0; r < rows; r++) {
            out.line(String.format(Locale.ROOT, "  %-3d %s", r, vec(out, a, off + r * cols, cols)));
        }
    }

    private static String top(float[] p, int off, int nc, LabelSet labels, int k) {
        boolean[] used = new boolean[nc];
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < Math.min(k, nc); j++) {
            int best = -1;
            for (int c = 0; c < nc; c++) {
                if (!used[c] && (best < 0 || p[off + c] > p[off + best])) {
                    best = c;
                }
            }
            used[best] = true;
            sb.append(j == 0 ? "" : ", ").append(labelName(labels, best)).append(String.format(Locale.ROOT, " %.3f", p[off + best]));
        }
        return sb.toString();
    }

    private static double norm(float[] a, int off, int len) {
        double s = 0;
        for (int i = off; i < off + len; i++) {
            s += (double) a[i] * a[i];
        }
        return Math.sqrt(s);
    }

    private static double maxAbs(float[] a) {
        double m = 0;
        for (float v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private static String shape(int[] s) {
        return Arrays.toString(s).replace(" ", "");
    }

    /**
     * Where the trace goes: plain text (a title line, body lines indented) or Markdown (a heading per
     * section, its body in a code block).
     */
    static final class Report {
        private final PrintStream ps;
        final boolean markdown;
        final boolean full;
        private boolean open;

        Report(PrintStream ps, boolean markdown, boolean full) {
            this.ps = ps;
            this.markdown = markdown;
            this.full = full;
        }

        /** Starts a section: its title and, if not null, the line of shapes under it. */
        void section(String title, String shapes) {
            close();
            if (markdown) {
                ps.println("### " + title.replace("_", "\\_").replace("*", "\\*"));
                ps.println();
                ps.println("```");
                open = true;
                if (shapes != null) {
                    ps.println(shapes);
                }
            } else {
                ps.println();
                ps.println(shapes == null ? title : title + "   " + shapes);
            }
        }

        void line(String s) {
            ps.println(markdown ? s : s.isEmpty() ? "" : "  " + s);
        }

        void close() {
            if (open) {
                ps.println("```");
                ps.println();
                open = false;
            }
        }
    }
}
