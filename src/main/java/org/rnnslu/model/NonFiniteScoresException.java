package org.rnnslu.model;

/**
 * A prediction read NaN scores: finite weights whose products overflow float32 (a damaged or
 * diverged model), where an argmax would otherwise silently answer label 0.
 */
public final class NonFiniteScoresException extends ArithmeticException {

    private static final long serialVersionUID = 1L;

    /** @param what "label" or "intent" */
    public NonFiniteScoresException(String what) {
        super("the " + what + " scores are NaN: the model's weights overflow float32 on this input (a damaged or diverged model?)");
    }
}
