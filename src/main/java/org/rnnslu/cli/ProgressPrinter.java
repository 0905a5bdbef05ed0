package org.rnnslu.cli;

import java.io.PrintStream;
import java.util.Locale;
import org.rnnslu.train.Trainer;
import org.rnnslu.train.TrainingListener;

/**
 * Prints training progress the way the tutorial did: {@code [learning] epoch 3 >> 57.00% completed
 * in 0.41 (sec) <<}, plus words/s and the mean loss. On a terminal the line is rewritten in place
 * (carriage return); otherwise (a pipe, a log file, CI) only the finished epoch's line is printed.
 */
final class ProgressPrinter implements TrainingListener {

    private final PrintStream out;
    private final boolean live;
    private long lastDraw;

    ProgressPrinter(PrintStream out, boolean live) {
        this.out = out;
        this.live = live;
    }

    @Override
    public void progress(int epoch, int done, int total, double seconds, long tokens) {
        if (!live) {
            return;
        }
        long now = System.nanoTime();
        if (done < total && now - lastDraw < 100_000_000L) {
            return; // at most 10 redraws a second
        }
        lastDraw = now;
        out.print("\r" + line(epoch, 100.0 * done / total, seconds, tokens) + "   ");
        out.flush();
    }

    @Override
    public void epochEnd(int epoch, double seconds, long tokens, double meanLoss, Trainer.Scores scores,
                         boolean newBest, double lr) {
        String s = line(epoch, 100.0, seconds, tokens)
                + String.format(Locale.ROOT, ", loss %.4f, lr %.4g, valid %s, test %s", meanLoss, lr,
                scores.validText(), scores.testText());
        out.println((live ? "\r" : "") + s);
        if (newBest) {
            out.println("NEW BEST: epoch " + epoch + " valid " + scores.validText() + " test " + scores.testText());
        }
        out.flush();
    }

    @Override
    public void decayed(int epoch, double newLr, int bestEpoch) {
        out.println(String.format(Locale.ROOT, "no better validation score for %d epochs: lr halved to %.4g, back to epoch %d's model",
                epoch - bestEpoch, newLr, bestEpoch));
    }

    private static String line(int epoch, double percent, double seconds, long tokens) {
        return String.format(Locale.ROOT, "[learning] epoch %d >> %2.2f%% completed in %.2f (sec) << %,.0f words/s",
                epoch, percent, seconds, tokens / Math.max(seconds, 1e-9));
    }
}
