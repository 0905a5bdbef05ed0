package org.rnnslu.train;

import java.util.SplittableRandom;
import org.rnnslu.kernels.Kernels;
import org.rnnslu.model.Dims;
import org.rnnslu.model.Network;
import org.rnnslu.model.Objective;
import org.rnnslu.model.Params;

/**
 * The RNNSLU tutorial's training recipe, as its {@code main()} runs it:
 * <ol>
 *   <li>each epoch, shuffle the training sentences (seeded) and take one SGD step per sentence
 *       (forward, backward, update, normalise);</li>
 *   <li>score the current model on validation and test; a better validation score is a NEW BEST and
 *       the model is kept;</li>
 *   <li>once the best epoch is {@code patience} or more epochs behind, halve lr and go back to the
 *       best model (the tutorial tests {@code abs(be - ce) >= 10} every epoch, so without a new best
 *       this repeats each epoch);</li>
 *   <li>stop when lr &lt; min-lr or after the last epoch.</li>
 * </ol>
 * The trainer is separate from the model it produces: it owns the settings and the seeded RNG.
 */
public final class Trainer {

    /**
     * A model's scores after an epoch: {@code valid} picks the best model (higher is better);
     * {@code validText} and {@code testText} are what the logs print, e.g. "F1 95.12".
     */
    public record Scores(double valid, String validText, String testText) {}

    /** Scores a model on validation and test each epoch. */
    public interface Scorer {
        Scores score(Params params, int epoch);
    }

    /** Hears about progress; all methods optional. */
    public interface Listener {
        default void progress(int epoch, int done, int total, double seconds, long tokens) {}

        default void epochEnd(int epoch, double seconds, long tokens, double meanLoss, Scores scores,
                              boolean newBest, double lr) {}

        default void decayed(int epoch, double newLr, int bestEpoch) {}
    }

    /** What a run produced. */
    public record Result(Params best, int bestEpoch, Scores bestScores, int epochsRun,
                         double trainSeconds, long trainTokens) {}

    private final TrainSettings settings;
    private final Kernels kernels;

    public Trainer(TrainSettings settings, Kernels kernels) {
        this.settings = settings;
        this.kernels = kernels;
    }

    public Result train(Dims dims, Examples train, Objective objective, Scorer scorer, Listener listener) {
        if (train.size() == 0) {
            throw new IllegalArgumentException("no training sentences");
        }
        Params params = Params.initialise(dims, settings.seed);
        Network net = new Network(params, kernels);
        SplittableRandom shuffleRng = new SplittableRandom(settings.seed);
        int[] order = new int[train.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Params best = null;
        int bestEpoch = -1;
        Scores bestScores = null;
        double lr = settings.lr;
        double trainSeconds = 0;
        long trainTokens = 0;
        int epoch = 0;
        for (; epoch < settings.epochs; epoch++) {
            shuffle(order, shuffleRng);
            long start = System.nanoTime();
            long tokens = 0;
            double lossSum = 0;
            int reportEvery = Math.max(1, order.length / 100);
            for (int i = 0; i < order.length; i++) {
                int s = order[i];
                int[] words = train.words()[s];
                int[] labels = train.labels() == null ? null : train.labels()[s];
                int sentenceLabel = train.sentenceLabels() == null ? -1 : train.sentenceLabels()[s];
                double loss = net.trainStep(words, labels, sentenceLabel, words.length, objective, (float) lr);
                if (!Double.isFinite(loss)) {
                    throw new DivergedException(epoch, i, loss, lr, best, bestEpoch);
                }
                lossSum += loss;
                tokens += words.length;
                if ((i + 1) % reportEvery == 0 || i + 1 == order.length) {
                    listener.progress(epoch, i + 1, order.length, (System.nanoTime() - start) / 1e9, tokens);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            trainSeconds += seconds;
            trainTokens += tokens;
            Scores scores = scorer.score(params, epoch);
            boolean newBest = bestScores == null || scores.valid() > bestScores.valid();
            if (newBest) {
                best = params.copy();
                bestEpoch = epoch;
                bestScores = scores;
            }
            listener.epochEnd(epoch, seconds, tokens, lossSum / order.length, scores, newBest, lr);
            if (settings.decay && epoch - bestEpoch >= settings.patience) {
                lr *= 0.5;
                params.setFrom(best);
                listener.decayed(epoch, lr, bestEpoch);
            }
            if (lr < settings.minLr) {
                epoch++;
                break;
            }
        }
        return new Result(best, bestEpoch, bestScores, epoch, trainSeconds, trainTokens);
    }

    /** Fisher-Yates with the trainer's seeded generator. */
    static void shuffle(int[] order, SplittableRandom rng) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
    }

    /** The loss became NaN or infinite: lr is too large. Carries the best model so far (may be null). */
    public static final class DivergedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        public final transient Params best;
        public final int bestEpoch;

        DivergedException(int epoch, int sentence, double loss, double lr, Params best, int bestEpoch) {
            super("training diverged: loss " + loss + " at epoch " + epoch + ", sentence " + (sentence + 1)
                    + " with lr " + lr + "; try a smaller --lr");
            this.best = best;
            this.bestEpoch = bestEpoch;
        }
    }
}
