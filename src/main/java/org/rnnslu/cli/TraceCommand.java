package org.rnnslu.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;
import org.rnnslu.cli.trace.Call;
import org.rnnslu.cli.trace.Calls;
import org.rnnslu.cli.trace.FlagException;
import org.rnnslu.cli.trace.Report;
import org.rnnslu.cli.trace.Trace;
import org.rnnslu.cli.trace.TraceFlags;
import org.rnnslu.kernels.Kernels;
import org.rnnslu.model.Network;
import org.rnnslu.model.Objective;
import org.rnnslu.model.Params;
import org.rnnslu.model.Task;
import org.rnnslu.store.ModelFolder;
import org.rnnslu.train.TrainSettings;

/**
 * {@code trace}: one call of the tutorial's {@code sentence_train} (a sentence, or any idxs matrix
 * such as one of is13's minibatches) through one training step, printed the way the Theano graph
 * computes it, with shapes, numbers next to names, and optionally every value ({@code --full}) as
 * Markdown ({@code --markdown}: the guide's worked example is this output) or dumped as .npy.
 * This class reads the flags and checks them; {@link org.rnnslu.cli.trace} builds the call, runs it
 * and prints it.
 */
final class TraceCommand implements Main.Command {

    private static final Set<String> VALUED = Set.of("model", "words", "idxs", "labels", "y", "intent", "lr", "dump",
            "kernels", "objective", "bptt");
    private static final Set<String> BOOLEANS = Set.of("full", "markdown");

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
        float lr = (float) a.doubleValue("lr", TrainSettings.TUTORIAL_LR);
        Report out = new Report(ps, a.flag("markdown"), a.flag("full"));
        Network net = new Network(model.params(), k); // our own copy: the folder is not written
        net.markEmbeddingsNormalized();
        Call call = call(a, model, net);
        int bs = a.has("bptt") ? bptt(a, model, call) : 0; // checked before anything is printed
        Trace.run(out, model, net, call, bs, lr, a.has("dump") ? Path.of(a.get("dump", "")) : null);
        out.close();
        return 0;
    }

    /** The call the flags describe; a value it cannot take is a usage error. */
    private static Call call(Args a, ModelFolder.Contents model, Network net) {
        try {
            return Calls.of(flags(a), model, net);
        } catch (FlagException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The flags that say what the call is. */
    private static TraceFlags flags(Args a) {
        return new TraceFlags(value(a, "words"), value(a, "idxs"), value(a, "labels"), value(a, "y"), value(a, "intent"),
                value(a, "objective"), a.has("bptt"));
    }

    private static String value(Args a, String flag) {
        return a.has(flag) ? a.get(flag, "") : null;
    }

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
}
