package org.rnnslu.train;

/**
 * How one pass over the training set ended: trained (with its summed loss), voided (scoring ahead
 * halved lr and restored the best model during it, so it starts again) or stopped (on request).
 */
record EpochOutcome(Kind kind, double lossSum) {

    enum Kind { TRAINED, VOIDED, STOPPED }

    static final EpochOutcome VOIDED = new EpochOutcome(Kind.VOIDED, 0);
    static final EpochOutcome STOPPED = new EpochOutcome(Kind.STOPPED, 0);

    static EpochOutcome trained(double lossSum) {
        return new EpochOutcome(Kind.TRAINED, lossSum);
    }

    boolean trained() {
        return kind == Kind.TRAINED;
    }

    boolean voided() {
        return kind == Kind.VOIDED;
    }

    boolean stopped() {
        return kind == Kind.STOPPED;
    }
}
