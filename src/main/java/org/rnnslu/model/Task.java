package org.rnnslu.model;

import java.util.Locale;

/** What a model predicts. */
public enum Task {
    /** A label per word (IOB slots): the tutorial's task. */
    SLOTS,
    /** One label per utterance (intent), read at the last word. */
    INTENT;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "slots" / "intent"; null if unknown. */
    public static Task parse(String s) {
        for (Task t : values()) {
            if (t.id().equals(s.trim().toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        return null;
    }
}
