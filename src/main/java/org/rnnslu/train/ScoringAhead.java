package org.rnnslu.train;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.rnnslu.model.Params;
import org.rnnslu.util.Workers;

/**
 * Scoring on a thread of its own while the next epoch trains (see {@link Trainer#scoresInBackground}).
 * An epoch's model, order and counters are copied when it ends and scored there; the training
 * thread looks for the scores between steps and does the epoch's bookkeeping as soon as they are in,
 * before the next epoch reports progress. The run stays the sequential recipe to the bit: when
 * the scores halve lr, the epoch in progress is void and starts again from the restored best model
 * with the same order, as it would have started. What a checkpoint gets is the ended epoch's state.
 */
final class ScoringAhead implements AutoCloseable {

    /** The recipe's bookkeeping after an epoch, given its scores; true when it halved lr. */
    interface Bookkeeping {
        boolean afterEpoch(int epoch, double seconds, long tokens, double meanLoss, Trainer.Scores scores,
                           Supplier<Params> keep);
    }

    private final Trainer.State st;
    private final Trainer.Scorer scorer;
    private final Trainer.Listener listener;
    private final Bookkeeping recipe;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "rnnslu-scorer");
        t.setDaemon(true);
        return t;
    });
    /** The epoch trained last, its scores not yet seen (null: none). */
    private Ended pending;
    /** The epoch seen last. */
    private Ended settled;

    ScoringAhead(Trainer.State st, Trainer.Scorer scorer, Trainer.Listener listener, Bookkeeping recipe) {
        this.st = st;
        this.scorer = scorer;
        this.listener = listener;
        this.recipe = recipe;
    }

    /** Hands the epoch that just ended (st as it left it) to the scoring thread. */
    void submit(int epoch, double seconds, long tokens, double meanLoss) {
        Params model = st.params.copy();
        pending = new Ended(epoch, model, st.order.clone(), st.rngState, seconds, tokens, meanLoss, st.trainSeconds,
                st.trainTokens, thread.submit(() -> scorer.score(model, epoch)));
    }

    /** True while an epoch's scores are outstanding: the epoch in progress keeps its progress to itself. */
    boolean pending() {
        return pending != null;
    }

    /** Between steps: true when the pending scores are in and halved lr (the epoch in progress is void). */
    boolean settleIfScored() {
        return pending != null && pending.future.isDone() && settle();
    }

    /** Waits for the pending scores (if any) and does their bookkeeping; true when they halved lr. */
    boolean awaitScores() {
        return pending != null && settle();
    }

    /** st.order and the generator's state back to those of the epoch seen last. */
    void restoreOrder() {
        System.arraycopy(settled.order, 0, st.order, 0, st.order.length);
        st.rngState = settled.rngState;
    }

    private boolean settle() {
        Ended e = pending;
        pending = null;
        settled = e;
        // e.model is already a copy of its own: kept as it is if it is the best
        boolean halved = recipe.afterEpoch(e.epoch, e.seconds, e.tokens, e.meanLoss, e.scores(), e::model);
        listener.checkpoint(view(e, halved));
        return halved;
    }

    /** What st was after epoch e, for its checkpoint. */
    private Trainer.State view(Ended e, boolean halved) {
        Trainer.State view = new Trainer.State(halved ? st.best : e.model, e.order);
        view.best = st.best;
        view.nextEpoch = e.epoch + 1;
        view.bestEpoch = st.bestEpoch;
        view.bestScores = st.bestScores;
        view.lr = st.lr;
        view.rngState = e.rngState;
        view.embeddingsNormalized = true;
        view.trainSeconds = e.trainSeconds;
        view.trainTokens = e.trainTokens;
        return view;
    }

    /**
     * Lets a scoring still running (when training stopped on an exception) finish rather than
     * interrupting it: it may be saving the best model.
     */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An epoch that ended, as the scoring thread and the checkpoint see it. */
    private record Ended(int epoch, Params model, int[] order, long rngState, double seconds, long tokens,
                         double meanLoss, double trainSeconds, long trainTokens, Future<Trainer.Scores> future) {
        /** The scores, once the scoring thread has them; what it threw is rethrown here. */
        Trainer.Scores scores() {
            try {
                return future.get();
            } catch (ExecutionException e) {
                throw Workers.rethrow(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for an epoch's scores", e);
            }
        }
    }
}
