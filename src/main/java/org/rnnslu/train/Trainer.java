package org.rnnslu.train;

import java.util.function.Supplier;
import org.rnnslu.kernels.Kernels;
import org.rnnslu.model.Dims;
import org.rnnslu.model.Dropout;
import org.rnnslu.model.Objective;
import org.rnnslu.model.Params;
import org.rnnslu.util.Rng;
import org.rnnslu.util.Workers;

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
 * With {@code batch} B &gt; 1 a step averages the gradients of B sentences instead, computed by
 * {@code threads} workers on contiguous shares of the batch and summed in worker order, so the
 * result is deterministic for a given thread count. B = 1 is exactly the tutorial's per-sentence
 * SGD (and trains on one thread: there is nothing to split; given two or more, each epoch is scored
 * on another thread while the next one trains, with the same result, see {@link #scoresInBackground}).
 *
 * <p>The trainer is separate from the model it produces: it owns the settings and the seeded RNG.
 * All a run's progress is in its {@link State}, which a checkpoint saves and {@code --resume}
 * restores to continue exactly as an uninterrupted run would.
 */
public final class Trainer {

    /**
     * A model's scores after an epoch: {@code valid} picks the best model (higher is better);
     * {@code validText} and {@code testText} are what the logs print, e.g. "F1 95.12".
     */
    public record Scores(double valid, String validText, String testText) {}

    /**
     * Scores a model on validation and test each epoch. With scoring ahead (batch 1, two or more
     * workers: {@link #scoresInBackground}) it is called on a thread of its own, one epoch at a
     * time, with a private copy of the parameters, while the next epoch trains. Either way it reads
     * the parameters and must not change them.
     */
    public interface Scorer {
        Scores score(Params params, int epoch);
    }

    /** Hears about progress; all methods optional. */
    public interface Listener {
        default void progress(int epoch, int done, int total, double seconds, long tokens) {}

        default void epochEnd(int epoch, double seconds, long tokens, double meanLoss, Scores scores,
                              boolean newBest, double lr) {}

        default void decayed(int epoch, double newLr, int bestEpoch) {}

        /**
         * The epoch's model is the best so far: the one place "best" is decided, called before
         * {@link #epochEnd}. {@code best} is a copy the run never changes.
         */
        default void newBest(int epoch, Params best, Scores scores) {}

        /** Polled between training steps: true stops the run (see {@link Result#stopped}). */
        default boolean stopRequested() {
            return false;
        }

        /**
         * After each epoch's bookkeeping: a consistent state to checkpoint, as the epoch left it (with
         * scoring ahead, a view built for this call while the next epoch trains: write it now, do
         * not keep it).
         */
        default void checkpoint(State state) {}
    }

    /** Everything a run has done so far; a checkpoint of it resumes the run bit for bit. */
    public static final class State {
        public final Params params;
        /** The best model so far (null before the first epoch ends). */
        public Params best;
        public int nextEpoch;
        public int bestEpoch = -1;
        public Scores bestScores;
        public double lr;
        /** The shuffling generator's state and the current order (each epoch shuffles the last order). */
        public long rngState;
        public final int[] order;
        public boolean embeddingsNormalized;
        public double trainSeconds;
        public long trainTokens;

        public State(Params params, int[] order) {
            this.params = params;
            this.order = order;
        }

        /** A new run: initial parameters from the seed, identity order. */
        public static State fresh(Dims dims, TrainSettings settings, int sentences) {
            return fresh(Params.initialise(dims, settings.seed), settings, sentences);
        }

        /** A new run from the given initial parameters (this state owns them from now on), identity order. */
        public static State fresh(Params initial, TrainSettings settings, int sentences) {
            int[] order = new int[sentences];
            for (int i = 0; i < sentences; i++) {
                order[i] = i;
            }
            State s = new State(initial, order);
            s.lr = settings.lr;
            s.rngState = settings.seed;
            return s;
        }
    }

    /**
     * What a run produced.
     *
     * @param stopped whether {@link Listener#stopRequested} ended the run before the recipe did; the
     *     epoch in progress then is dropped, and the state is the last checkpoint's, not the run's end
     */
    public record Result(Params best, int bestEpoch, Scores bestScores, int epochsRun,
                         double trainSeconds, long trainTokens, boolean stopped) {}

    private final TrainSettings settings;
    private final Kernels kernels;
    private final Workers workers;

    /** One thread; mini-batches (if any) run on the caller. */
    public Trainer(TrainSettings settings, Kernels kernels) {
        this(settings, kernels, null);
    }

    /** @param workers the threads that share a mini-batch (null: the caller's thread) */
    public Trainer(TrainSettings settings, Kernels kernels, Workers workers) {
        this.settings = settings;
        this.kernels = kernels;
        this.workers = workers;
    }

    public Result train(Dims dims, Examples train, Objective objective, Scorer scorer, Listener listener) {
        if (train.size() == 0) {
            throw new IllegalArgumentException("no training sentences");
        }
        return train(State.fresh(dims, settings, train.size()), train, objective, scorer, listener);
    }

    /**
     * Whether a run scores each epoch on a thread of its own while the next epoch trains: per-sentence
     * SGD (batch 1) trains on one core, so with two or more threads the scoring takes the other.
     */
    public static boolean scoresInBackground(int batch, int threads) {
        return batch == 1 && threads >= 2;
    }

    /** Runs (or continues) a run from {@code st} until the recipe stops it. */
    public Result train(State st, Examples train, Objective objective, Scorer scorer, Listener listener) {
        if (st.order.length != train.size()) {
            throw new IllegalArgumentException("the state has " + st.order.length + " sentences, the data " + train.size());
        }
        Rng rng = new Rng(st.rngState);
        int epoch = st.nextEpoch;
        boolean background = workers != null && scoresInBackground(settings.batch, workers.threads());
        boolean stopped = false;
        ScoringAhead.Bookkeeping recipe = (e, seconds, tokens, meanLoss, scores, keep) ->
                afterEpoch(st, e, seconds, tokens, meanLoss, scores, keep, listener);
        Dropout dropout = settings.dropout > 0 || settings.dropoutHidden > 0
                ? new Dropout(settings.dropout, settings.dropoutHidden, settings.seed) : null;
        try (Epoch epochRunner = settings.batch == 1 || settings.bptt > 0
                ? new SgdEpoch(st, kernels, settings.bptt, settings.freezeEmbeddings, dropout)
                : new BatchEpoch(st, kernels, workers, settings.batch, settings.freezeEmbeddings, dropout);
             ScoringAhead ahead = background ? new ScoringAhead(st, scorer, listener, recipe) : null) {
            for (; epoch < settings.epochs && st.lr >= settings.minLr; epoch++) {
                if (listener.stopRequested()) {
                    stopped = true;
                    break;
                }
                shuffle(st.order, rng);
                st.rngState = rng.state();
                long start;
                EpochOutcome outcome;
                do { // with scoring ahead, the last epoch's scores may halve lr: then this epoch again, same order
                    start = System.nanoTime();
                    outcome = runEpoch(epochRunner, epoch, train, objective, listener, start, ahead);
                } while (outcome.voided() && st.lr >= settings.minLr);
                if (outcome.voided()) {
                    ahead.restoreOrder(); // stopped by the last epoch's scores: st as that epoch left it
                    break;
                }
                if (outcome.stopped()) {
                    stopped = true;
                    break;
                }
                ended(st, epoch, (System.nanoTime() - start) / 1e9, train, outcome.lossSum(), scorer, listener, ahead);
            }
            if (ahead != null) {
                ahead.awaitScores();
            }
        }
        st.nextEpoch = epoch;
        return new Result(st.best, st.bestEpoch, st.bestScores, epoch, st.trainSeconds, st.trainTokens, stopped);
    }

    /**
     * Epoch {@code epoch} trained: count it, then score it and do the recipe's bookkeeping (or hand
     * it to the scoring thread, which does them while the next epoch trains).
     */
    private void ended(State st, int epoch, double seconds, Examples train, double lossSum, Scorer scorer,
                       Listener listener, ScoringAhead ahead) {
        long tokens = train.tokenCount();
        st.trainSeconds += seconds;
        st.trainTokens += tokens;
        st.embeddingsNormalized = true;
        double meanLoss = lossSum / train.size();
        if (ahead != null) {
            ahead.submit(epoch, seconds, tokens, meanLoss);
            return;
        }
        Scores scores = scorer.score(st.params, epoch);
        afterEpoch(st, epoch, seconds, tokens, meanLoss, scores, st.params::copy, listener);
        st.nextEpoch = epoch + 1;
        listener.checkpoint(st);
    }

    /** One epoch; before it returns, the last epoch's scores have been seen. */
    private EpochOutcome runEpoch(Epoch runner, int epoch, Examples train, Objective objective, Listener listener,
                                  long start, ScoringAhead ahead) {
        try {
            EpochOutcome outcome = runner.run(epoch, train, objective, listener, start, ahead);
            if (outcome.voided()) {
                return outcome;
            }
            boolean halved = ahead != null && ahead.awaitScores();
            return halved && !outcome.stopped() ? EpochOutcome.VOIDED : outcome;
        } catch (DivergedException e) {
            if (ahead != null && ahead.awaitScores()) {
                return EpochOutcome.VOIDED; // it diverged at the old lr, which the last epoch's scores halved
            }
            throw e;
        }
    }

    /**
     * The recipe after epoch {@code epoch}, given its scores: keep the epoch's model if it is the
     * best ({@code keep} gives a copy no one changes), report, and once the best epoch is
     * {@code patience} behind, halve lr and go back to the best model. Returns whether lr was halved.
     */
    private boolean afterEpoch(State st, int epoch, double seconds, long tokens, double meanLoss, Scores scores,
                               Supplier<Params> keep, Listener listener) {
        boolean newBest = st.bestScores == null || scores.valid() > st.bestScores.valid();
        if (newBest) {
            st.best = keep.get();
            st.bestEpoch = epoch;
            st.bestScores = scores;
            listener.newBest(epoch, st.best, scores);
        }
        listener.epochEnd(epoch, seconds, tokens, meanLoss, scores, newBest, st.lr);
        if (settings.decay && epoch - st.bestEpoch >= settings.patience) {
            st.lr *= 0.5;
            st.params.setFrom(st.best);
            listener.decayed(epoch, st.lr, st.bestEpoch);
            return true;
        }
        return false;
    }

    /** Fisher-Yates with the trainer's seeded generator. */
    static void shuffle(int[] order, Rng rng) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
    }

    /** The loss became NaN or infinite: lr is too large. */
    public static final class DivergedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        public final int epoch;

        DivergedException(int epoch, int sentence, double loss) {
            super("training diverged: loss " + loss + " at epoch " + epoch + ", sentence " + (sentence + 1)
                    + "; try a smaller --lr");
            this.epoch = epoch;
        }
    }
}
