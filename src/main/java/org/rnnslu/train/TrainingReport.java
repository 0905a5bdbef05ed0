package org.rnnslu.train;

import org.rnnslu.model.Model;

/**
 * What a {@link Training} run produced.
 *
 * @param best the best model (by validation score); null when no epoch ended
 * @param bestEpoch its epoch (-1 when none)
 * @param bestScores its scores on validation and test (null when none)
 * @param epochsRun the epochs run in total (including those before a resume)
 * @param trainSeconds time spent training (not scoring), over all epochs
 * @param trainTokens words trained on, over all epochs
 * @param cancelled whether a {@link Cancellation} stopped the run before the recipe did
 */
public record TrainingReport(Model best, int bestEpoch, Trainer.Scores bestScores, int epochsRun, double trainSeconds,
                             long trainTokens, boolean cancelled) {}
