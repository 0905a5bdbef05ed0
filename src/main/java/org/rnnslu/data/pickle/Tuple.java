package org.rnnslu.data.pickle;

import java.util.List;

/** A Python tuple. */
public record Tuple(List<Object> items) {
    public Tuple {
        items = List.copyOf(items);
    }
}
