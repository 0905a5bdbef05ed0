package org.rnnslu.data.pickle;

/** Python's None (a pickle cannot hold Java's null in a List.copyOf tuple). */
public enum PyNone {
    NONE
}
