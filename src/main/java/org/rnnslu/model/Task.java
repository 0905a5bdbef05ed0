package org.rnnslu.model;

import java.util.Locale;

/** What a model predicts. */
public enum Task {
    /** A label per word (IOB slots): the tutorial's task. */
    SLOTS,
    /** One label per utterance (intent), read at the last word. */
    INTENT,
    /** Both: a slot softmax per word and an intent softmax on the last hidden state, one network. */
    JOINT;

    /** True when the task has per-word slot labels. */
    public boolean hasSlots() {
        return this != INTENT;
    }

    /** True when the task predicts an intent. */
    public boolean hasIntent() {
        return this != SLOTS;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "slots" / "intent" / "joint"; null if unknown. */
    public static Task parse(String s) {
        for (Task t : values()) {
            if (t.id().equals(s.trim().toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        return null;
    }
}
