package org.rnnslu.train;

import org.rnnslu.model.Model;

/**
 * Hears what a {@link Training} run does, on the thread that trains; all methods are optional. The
 * order for an epoch: {@code progress} (several times), {@code newBest} (when it is one),
 * {@code epochEnd}, {@code decayed} (when lr is halved), {@code epochSaved} (its checkpoint is written,
 * only for a run with an output folder). With scoring ahead the events of epoch e come while epoch
 * e + 1 trains, before it reports progress.
 */
public interface TrainingListener {

    /** A run continues from a checkpoint at {@code nextEpoch}. */
    default void resumed(int nextEpoch, int bestEpoch, Trainer.Scores best, double lr) {}

    /** Part of an epoch is done: {@code done} of {@code total} sentences, in {@code seconds}. */
    default void progress(int epoch, int done, int total, double seconds, long tokens) {}

    /**
     * The epoch's model is the best so far (the one place where "best" is decided). The model is
     * a copy that the run does not change afterwards; a run with an output folder has saved it there
     * before this is called.
     */
    default void newBest(int epoch, Trainer.Scores scores, Model model) {}

    /** An epoch ended with these scores (after {@link #newBest} when it is one). */
    default void epochEnd(int epoch, double seconds, long tokens, double meanLoss, Trainer.Scores scores,
                          boolean newBest, double lr) {}

    /** lr was halved and the run went back to the best epoch's model. */
    default void decayed(int epoch, double newLr, int bestEpoch) {}

    /** The checkpoint after {@code epoch} is on disk: an interrupted run can resume from there. */
    default void epochSaved(int epoch, int bestEpoch) {}
}
