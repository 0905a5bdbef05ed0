package org.rnnslu;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * A Tagger's own workspaces for the threads tagging with it: a thread borrows one, tags, and gives it
 * back. Owned by the Tagger (a ThreadLocal would leave each dead Tagger's workspaces in every pool
 * thread that ever used it, until that thread dies), so they go with it. At most {@link #SLOTS} are
 * kept, one per thread tagging at the same moment; beyond that a borrower gets a fresh one that is
 * dropped afterwards. Borrowing and returning allocate nothing.
 */
final class Workspaces<T> {

    /** Workspaces kept for reuse: more threads than this tagging at once build their own each call. */
    static final int SLOTS = 64;

    private final AtomicReferenceArray<T> idle = new AtomicReferenceArray<>(SLOTS);
    private final Supplier<T> factory;

    Workspaces(Supplier<T> factory) {
        this.factory = factory;
    }

    /** An idle workspace, or a new one. */
    T borrow() {
        int start = start();
        for (int i = 0; i < SLOTS; i++) {
            int slot = (start + i) & (SLOTS - 1);
            T t = idle.get(slot);
            if (t != null && idle.compareAndSet(slot, t, null)) {
                return t;
            }
        }
        return factory.get();
    }

    /** Gives a workspace back (kept if there is a free slot). */
    void release(T t) {
        int start = start();
        for (int i = 0; i < SLOTS; i++) {
            int slot = (start + i) & (SLOTS - 1);
            if (idle.get(slot) == null && idle.compareAndSet(slot, null, t)) {
                return;
            }
        }
    }

    /** Threads start their search at different slots, so they rarely meet. */
    private static int start() {
        int h = System.identityHashCode(Thread.currentThread());
        return (h ^ (h >>> 16)) & (SLOTS - 1);
    }
}
