package org.rnnslu.train;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Asks a running {@link Training} to stop, from any thread. The run stops at the next training step
 * (or between epochs): the epoch in progress is dropped, an epoch already trained and being scored
 * is still scored (and saved, when it is the best), and the report says the run was cancelled. The
 * last checkpoint of a run with an output folder lets {@code --resume} continue it.
 */
public final class Cancellation {

    private final AtomicBoolean requested = new AtomicBoolean();

    public void cancel() {
        requested.set(true);
    }

    public boolean isCancelled() {
        return requested.get();
    }
}
