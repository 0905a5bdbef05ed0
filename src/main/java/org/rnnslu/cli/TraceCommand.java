package org.rnnslu.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import org.rnnslu.data.LabelSet;
import org.rnnslu.data.TextLines;
import org.rnnslu.data.Vocabulary;
import org.rnnslu.io.ModelFolder;
import org.rnnslu.io.Npy;
import org.rnnslu.kernels.Kernels;
import org.rnnslu.model.Activations;
import org.rnnslu.model.Dims;
import org.rnnslu.model.Forward;
import org.rnnslu.model.Gradients;
import org.rnnslu.model.Network;
import org.rnnslu.model.Objective;
import org.rnnslu.model.Params;
import org.rnnslu.model.Sgd;
import org.rnnslu.model.Task;

/**
 * {@code trace}: one sentence through one training step, printed the way the Theano graph of the
 * tutorial computes it, with shapes, and optionally dumped as .npy for comparison with another
 * framework. For people who want to see what {@code sentence_train} does.
 */
final class TraceCommand implements Main.Command {

    private static final int SHOW = 5; // values shown per vector

    @Override
    public String summary() {
        return "walk one sentence through one training step, printing every intermediate with its shape";
    }

    @Override
    public String help() {
        return String.join("\n",
                "usage: rnnslu trace --model DIR --words \"i want to fly from boston\" [--labels \"O O O O O B-fromloc.city_name\"]",
                "                    [--lr 0.0970806646812754] [--dump OUT_DIR]",
                "",
                "Runs the tutorial's sentence_train on one sentence and prints what the Theano graph computes:",
                "idxs [n, cs], x [n, de*cs], each h_t and p_t, y_pred, the loss, each gradient's shape and norm,",
                "the size of each update and what normalisation changed. The model folder is only read.",
                "  --labels L      the gold labels, one per word (an intent model: one label); default: the model's",
                "                  own predictions, so the step shows the model reinforcing what it believes",
                "  --dump OUT_DIR  write every intermediate and gradient, computed before the update, as .npy",
                "                  (idxs.npy, x.npy, h.npy, s.npy, y_pred.npy, grad_embeddings.npy, grad_wx.npy, ...)",
                "                  plus loss.txt",
                "  --intent I      a joint model's gold intent (default: its own prediction)",
                "  --objective all-steps|last-step   for an intent model (default all-steps)",
                "  --kernels auto|scalar|vector",
                "");
    }

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) throws IOException {
        Args a = new Args("trace", argv, Set.of("model", "words", "labels", "intent", "lr", "dump", "kernels", "objective"), Set.of());
        ModelFolder.Contents model = ModelFolder.load(Path.of(a.require("model")));
        Kernels k = CliSupport.kernels(a.get("kernels", "auto"));
        float lr = (float) a.doubleValue("lr", org.rnnslu.train.TrainSettings.TUTORIAL_LR);
        String[] words = TextLines.tokens(a.require("words"));
        if (words.length == 0) {
            throw new UsageException("trace: --words is empty");
        }
        Params params = model.params(); // our own copy: the folder is not written
        Dims d = params.dims;
        Vocabulary vocab = model.vocabulary();
        LabelSet labels = model.labels();
        Task task = model.task();
        Network net = new Network(params, k);
        net.markEmbeddingsNormalized();
        int n = words.length;
        int[] idx = vocab.encode(words);

        section(out, "0. the sentence -> word indices (words.txt, after preprocessing)");
        for (int t = 0; t < n; t++) {
            String seen = vocab.word(idx[t]);
            out.printf("  %-16s -> %-16s index %d%n", words[t], seen, idx[t]);
        }
        out.printf("  model: ne=%d words, de=%d, cs=%d (window), nh=%d hidden, nc=%d classes, task %s%n",
                d.ne(), d.de(), d.cs(), d.nh(), d.nc(), task.id());

        int[] gold = gold(a, words, task, labels, net, idx);
        Objective objective = objective(task, a.get("objective", "all-steps"));
        int sentenceLabel = sentenceLabel(a, task, model, gold, net, idx);
        double loss = net.lossAndGradients(idx, gold, sentenceLabel, n, objective);
        Activations act = net.activations();
        Gradients g = net.gradients();

        section(out, "1. idxs [n, cs] = contextwin(sentence, cs)   shape [" + n + ", " + d.cs() + "]");
        out.println("  Each word becomes the cs word indices centred on it. Positions before the first or after");
        out.println("  the last word are -1; embeddings[-1] is, as in numpy, the LAST row (row ne = " + d.ne() + "),");
        out.println("  the padding vector, which is trained like any other row.");
        for (int t = 0; t < n; t++) {
            out.printf("  t=%-2d %s   (%s)%n", t, Arrays.toString(Arrays.copyOfRange(act.idxs, t * d.cs(), (t + 1) * d.cs())), words[t]);
        }

        section(out, "2. x = embeddings[idxs].reshape(n, de*cs)   shape [" + n + ", " + d.inputDim() + "]");
        out.println("  Row t is the cs embedding rows of window t side by side: the network's input at step t.");
        for (int t = 0; t < n; t++) {
            out.printf("  x[%d] = %s%n", t, head(act.x, t * d.inputDim(), d.inputDim()));
        }

        section(out, "3. the scan (recurrence): h_t = sigmoid(x_t . wx + h_{t-1} . wh + bh),  h_{-1} = h0   each [" + d.nh() + "]");
        out.println("  theano.scan runs the step function once per word, feeding each h_t to the next step.");
        out.println("  rnnslu computes x . wx for all words at once (it does not depend on h), then only h.wh is sequential.");
        out.printf("  h0   = %s%n", head(params.h0, 0, d.nh()));
        for (int t = 0; t < n; t++) {
            out.printf("  h[%d] = %s%n", t, head(act.h, t * d.nh(), d.nh()));
        }

        section(out, "4. s_t = softmax(h_t . w + b): Theano's s has shape [n, 1, nc] = [" + n + ", 1, " + d.nc() + "]");
        out.println("  T.nnet.softmax works on matrices, so each step returns a [1, nc] row and scan stacks them");
        out.println("  into [n, 1, nc]; s[:, 0, :] drops the middle axis, giving p_y_given_x_sentence [n, nc].");
        int[] pred = new int[n];
        Forward.argmax(act, pred);
        for (int t = 0; t < n; t++) {
            out.printf("  p[%d]  top: %s   p[y=%s] = %.4f%n", t, top(act.p, t * d.nc(), d.nc(), labels, 3),
                    labels.label(gold[t]), act.p[t * d.nc() + gold[t]]);
        }

        section(out, "5. y_pred = argmax(p, axis=1)   shape [" + n + "]");
        for (int t = 0; t < n; t++) {
            out.printf("  %-16s predicted %-28s gold %s%n", words[t], labels.label(pred[t]), labels.label(gold[t]));
        }

        section(out, "6. loss = " + lossFormula(objective));
        for (int t = 0; t < n; t++) {
            double term = -Math.log(act.p[t * d.nc() + gold[t]]);
            out.printf(Locale.ROOT, "  t=%-2d -log p[%d, %s] = %.6f%n", t, t, labels.label(gold[t]), term);
        }
        if (task == Task.JOINT) {
            int ni = d.ni();
            out.printf(Locale.ROOT, "  joint model: + intent term -log q[%s] = %.6f   (q = softmax(h[%d] . wi + bi) [%d])%n",
                    model.intents().label(sentenceLabel), -Math.log(act.q[sentenceLabel]), n - 1, ni);
        }
        out.printf(Locale.ROOT, "  loss = %.6f%n", loss);

        section(out, "7. gradients: T.grad(loss, params), written by hand in Backward.java (BPTT)");
        for (String name : params.names()) {
            float[] grad = g.byName(name);
            out.printf(Locale.ROOT, "  d%-11s shape %-12s |g| = %-12.6g max|g| = %.6g%n", name,
                    shape(Params.shapeOf(d, name)), norm(grad, 0, grad.length), maxAbs(grad));
        }
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < g.touchedCount; i++) {
            int r = g.touchedRows[i];
            rows.append(i == 0 ? "" : ", ").append(r == d.padRow() ? r + " (padding)" : r + " (" + vocab.word(r) + ")");
        }
        out.println("  dembeddings is zero except on the rows the windows used: " + rows);

        if (a.has("dump")) {
            dump(Path.of(a.get("dump", "")), act, g, pred, loss, d, n, out);
        }

        section(out, "8. the update: updates = [(p, p - lr * g) for p, g in zip(params, gradients)]   lr = " + lr);
        out.println("  theano.function(..., updates=...) computes the outputs first, then assigns every new value at");
        out.println("  once, so all seven gradients are taken at the old parameters.");
        Params before = params.copy();
        Sgd.update(k, params, g, lr, false);
        for (String name : params.names()) {
            float[] was = before.byName(name);
            float[] now = params.byName(name);
            double delta = 0;
            for (int i = 0; i < was.length; i++) {
                delta += ((double) now[i] - was[i]) * ((double) now[i] - was[i]);
            }
            out.printf(Locale.ROOT, "  %-11s |delta| = %-12.6g |p| = %-10.6g relative %.3g%n", name, Math.sqrt(delta),
                    norm(was, 0, was.length), Math.sqrt(delta) / Math.max(1e-30, norm(was, 0, was.length)));
        }

        section(out, "9. normalize(): every embedding row rescaled to unit L2 norm");
        out.println("  Only the rows used changed, so only they need it; their norms after the SGD step and after:");
        int de = d.de();
        for (int i = 0; i < g.touchedCount; i++) {
            int r = g.touchedRows[i];
            double stepped = 0;
            for (int c = 0; c < de; c++) {
                double v = before.embeddings[r * de + c] - lr * g.dEmbeddings[r * de + c];
                stepped += v * v;
            }
            out.printf(Locale.ROOT, "  row %-4d %-16s |row| after step %.6f -> after normalize %.6f%n", r,
                    r == d.padRow() ? "(padding)" : vocab.word(r), Math.sqrt(stepped), norm(params.embeddings, r * de, de));
        }

        double after = net.lossAndGradients(idx, gold, sentenceLabel, n, objective);
        section(out, "10. the same sentence after the step");
        out.printf(Locale.ROOT, "  loss %.6f -> %.6f%n", loss, after);
        return 0;
    }

    private static int[] gold(Args a, String[] words, Task task, LabelSet labels, Network net, int[] idx) {
        int n = words.length;
        int[] gold = new int[n];
        if (!a.has("labels")) {
            net.predict(idx, n, gold);
            if (task == Task.INTENT) {
                Arrays.fill(gold, gold[n - 1]);
            }
            return gold;
        }
        String[] given = TextLines.tokens(a.get("labels", ""));
        if (task == Task.INTENT) {
            if (given.length != 1) {
                throw new UsageException("trace: an intent model takes one label in --labels, got " + given.length);
            }
            Arrays.fill(gold, index(labels, given[0]));
            return gold;
        }
        if (given.length != n) {
            throw new UsageException("trace: --labels has " + given.length + " labels for " + n + " words");
        }
        for (int t = 0; t < n; t++) {
            gold[t] = index(labels, given[t]);
        }
        return gold;
    }

    /** The intent target: the sentence label (intent model), --intent or the predicted intent (joint), else unused. */
    private static int sentenceLabel(Args a, Task task, ModelFolder.Contents model, int[] gold, Network net, int[] idx) {
        if (task == Task.INTENT) {
            return gold[0];
        }
        if (task != Task.JOINT) {
            return -1;
        }
        if (a.has("intent")) {
            return index(model.intents(), a.get("intent", ""));
        }
        return Forward.intentArgmax(net.forward(idx, idx.length));
    }

    private static int index(LabelSet labels, String label) {
        int i = labels.indexOf(label);
        if (i < 0) {
            throw new UsageException("trace: label '" + label + "' is not in the model's labels.txt");
        }
        return i;
    }

    private static Objective objective(Task task, String name) {
        if (task != Task.INTENT) {
            return Objective.PER_WORD; // slots, and the joint model's slot head
        }
        if (name.equals("last-step")) {
            return Objective.LAST_STEP;
        }
        if (name.equals("all-steps")) {
            return Objective.ALL_STEPS;
        }
        throw new UsageException("trace: --objective takes all-steps or last-step, got '" + name + "'");
    }

    private static String lossFormula(Objective o) {
        switch (o) {
            case PER_WORD: return "-mean_t log p[t, y_t]   (T.mean(T.log(p)[T.arange(n), y]) negated)";
            case ALL_STEPS: return "-mean_t log p[t, y]   (the sentence label at every step)";
            default: return "-log p[n-1, y]   (the sentence label at the last step only)";
        }
    }

    private static void dump(Path dir, Activations act, Gradients g, int[] pred, double loss, Dims d, int n,
                             PrintStream out) throws IOException {
        Files.createDirectories(dir);
        double[] idxs = new double[n * d.cs()];
        for (int i = 0; i < idxs.length; i++) {
            idxs[i] = act.idxs[i];
        }
        Npy.writeDouble(dir.resolve("idxs.npy"), idxs, n, d.cs());
        Npy.write(dir.resolve("x.npy"), Arrays.copyOf(act.x, n * d.inputDim()), n, d.inputDim());
        Npy.write(dir.resolve("h.npy"), Arrays.copyOf(act.h, n * d.nh()), n, d.nh());
        Npy.write(dir.resolve("s.npy"), Arrays.copyOf(act.p, n * d.nc()), n, 1, d.nc());
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            y[t] = pred[t];
        }
        Npy.writeDouble(dir.resolve("y_pred.npy"), y, n);
        for (String name : g.dims.hasIntentHead() ? Params.JOINT_NAMES : Params.NAMES) {
            Npy.write(dir.resolve("grad_" + name + ".npy"), g.byName(name), Params.shapeOf(d, name));
        }
        org.rnnslu.data.AtomicFiles.writeLines(dir.resolve("loss.txt"), java.util.List.of(String.format(Locale.ROOT, "%.9g", loss)));
        out.println("  dumped to " + dir + ": idxs.npy x.npy h.npy s.npy y_pred.npy grad_*.npy loss.txt (before the update;");
        out.println("  idxs and y_pred as float64 holding integers)");
    }

    private static void section(PrintStream out, String title) {
        out.println();
        out.println(title);
    }

    private static String head(float[] a, int off, int len) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < Math.min(SHOW, len); i++) {
            sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4f", a[off + i]));
        }
        if (len > SHOW) {
            sb.append(", ... ").append(len - SHOW).append(" more");
        }
        return sb.append("]  |.| = ").append(String.format(Locale.ROOT, "%.4f", norm(a, off, len))).toString();
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
            sb.append(j == 0 ? "" : ", ").append(labels.label(best)).append(String.format(Locale.ROOT, " %.3f", p[off + best]));
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
}
