package io.github.diffviews.task;

import java.util.concurrent.CancellationException;

/**
 * Lets one thread ask long work running on another (fitting, extraction, training, generation)
 * to stop at its next check point. Work that sees the request throws
 * {@link CancellationException} and leaves nothing half-written behind.
 */
public final class CancellationToken {

    /** A token that is never cancelled. */
    public static final CancellationToken NONE = new CancellationToken(false);

    private final boolean cancellable;
    private volatile boolean cancelled;

    private CancellationToken(boolean cancellable) {
        this.cancellable = cancellable;
    }

    /**
     * Creates a token that can be cancelled.
     *
     * @return a new token, not yet cancelled
     */
    public static CancellationToken create() {
        return new CancellationToken(true);
    }

    /**
     * Asks the work holding this token to stop.
     *
     * @throws UnsupportedOperationException on {@link #NONE}
     */
    public void cancel() {
        if (!cancellable) {
            throw new UnsupportedOperationException("CancellationToken.NONE cannot be cancelled");
        }
        cancelled = true;
    }

    /**
     * Tells whether cancellation was asked for.
     *
     * @return true once {@link #cancel()} was called
     */
    public boolean isCancelled() {
        return cancelled;
    }

    /**
     * Throws if cancellation was asked for; long loops call this between units of work.
     *
     * @param task what is being cancelled, for the message
     * @throws CancellationException if {@link #cancel()} was called
     */
    public void throwIfCancelled(String task) {
        if (cancelled) {
            throw new CancellationException(task + " was cancelled");
        }
    }
}
