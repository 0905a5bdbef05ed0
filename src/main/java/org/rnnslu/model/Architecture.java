package org.rnnslu.model;

import java.util.Locale;

/**
 * Which network the shapes belong to: the recurrence that makes h_t, the direction(s) it runs in,
 * and the output layer that turns h_t into labels. {@link #TUTORIAL} (Elman, left to right,
 * a softmax per word) is RNNSLU's network and every model folder's default: model.txt records a
 * component only when it differs from it, so folders written before these options load unchanged.
 *
 * @param recurrence what feeds h_t besides the input window: h_{t−1} (Elman), the previous
 *                   step's output distribution (Jordan), or both (hybrid)
 * @param direction  left to right only, or a second recurrence right to left read beside it
 * @param output     per-word softmax, or a linear-chain CRF over the per-word scores
 */
public record Architecture(Recurrence recurrence, Direction direction, Output output) {

    /** The tutorial's network: Elman, forward, softmax. */
    public static final Architecture TUTORIAL =
            new Architecture(Recurrence.ELMAN, Direction.FORWARD, Output.SOFTMAX);

    public Architecture {
        if (recurrence == null || direction == null || output == null) {
            throw new IllegalArgumentException("architecture components must not be null: "
                    + recurrence + ", " + direction + ", " + output);
        }
    }

    public boolean isTutorial() {
        return equals(TUTORIAL);
    }

    public Architecture withRecurrence(Recurrence r) {
        return new Architecture(r, direction, output);
    }

    public Architecture withDirection(Direction d) {
        return new Architecture(recurrence, d, output);
    }

    public Architecture withOutput(Output o) {
        return new Architecture(recurrence, direction, o);
    }

    /** What feeds the hidden layer besides the input window (model.txt key {@code recurrence}). */
    public enum Recurrence {
        /** h_t = σ(x_t·wx + h_{t−1}·wh + bh): the tutorial's. */
        ELMAN,
        /** h_t = σ(x_t·wx + s_{t−1}·ws + bh), s_{t−1} the previous step's output distribution (is13's jordan.py). */
        JORDAN,
        /** h_t = σ(x_t·wx + h_{t−1}·wh + s_{t−1}·ws + bh): both feedbacks (Mesnil et al. 2015's Elman-Jordan hybrid). */
        HYBRID;

        /** True when h_t reads h_{t−1} through wh (Elman, hybrid). */
        public boolean feedsBackHidden() {
            return this != JORDAN;
        }

        /** True when h_t reads the previous step's output distribution s_{t−1} through ws (Jordan, hybrid). */
        public boolean feedsBackOutput() {
            return this != ELMAN;
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses an id; null if unknown. */
        public static Recurrence parse(String s) {
            return parseEnum(Recurrence.class, s);
        }
    }

    /** The direction(s) the recurrence runs in (model.txt key {@code direction}). */
    public enum Direction {
        /** Left to right: the tutorial's. */
        FORWARD,
        /** Left to right and, with its own weights, right to left; the outputs read [h_fwd; h_bwd]. */
        BI;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Direction parse(String s) {
            return parseEnum(Direction.class, s);
        }
    }

    /** The output layer over the per-word class scores (model.txt key {@code output}). */
    public enum Output {
        /** A softmax per word, trained by −log p_t[y_t]: the tutorial's. */
        SOFTMAX,
        /** A linear-chain CRF: per-word scores plus learned label-transition scores, trained by the sentence log-likelihood. */
        CRF;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Output parse(String s) {
            return parseEnum(Output.class, s);
        }
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String s) {
        if (s == null) {
            return null;
        }
        String id = s.trim().toLowerCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (e.name().toLowerCase(Locale.ROOT).equals(id)) {
                return e;
            }
        }
        return null;
    }
}
