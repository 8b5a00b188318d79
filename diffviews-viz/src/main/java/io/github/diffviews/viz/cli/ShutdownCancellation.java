package io.github.diffviews.viz.cli;

import io.github.diffviews.task.CancellationToken;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns Ctrl-C (or SIGTERM) during a long command into a cancellation the command can clean up
 * after. The JVM halts as soon as its shutdown hooks return, so the hook cancels the token and
 * then waits until the command has unwound (its staging directory deleted) before letting the
 * JVM go, at most {@link #GRACE_SECONDS} seconds.
 */
final class ShutdownCancellation implements AutoCloseable {

    /** How long an interrupted command may take to clean up before the JVM halts anyway. */
    static final long GRACE_SECONDS = 60;

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownCancellation.class);

    private final CancellationToken token = CancellationToken.create();
    private final CountDownLatch unwound = new CountDownLatch(1);
    private final Thread hook;

    private ShutdownCancellation(String command) {
        this.hook = new Thread(this::cancelAndWait, "diffviews-" + command + "-cancel");
    }

    /**
     * Installs the shutdown hook for a command.
     *
     * @param command the command's name, for the hook thread's name
     * @return the installed cancellation; close it when the command has finished or failed
     */
    static ShutdownCancellation install(String command) {
        ShutdownCancellation cancellation = new ShutdownCancellation(command);
        Runtime.getRuntime().addShutdownHook(cancellation.hook);
        return cancellation;
    }

    /** The token the shutdown hook cancels. */
    CancellationToken token() {
        return token;
    }

    private void cancelAndWait() {
        token.cancel();
        try {
            if (!unwound.await(GRACE_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("The interrupted command did not finish cleaning up within {} s",
                        GRACE_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Tells the hook the command has unwound, and removes the hook when the JVM is not ending. */
    @Override
    public void close() {
        unwound.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook is running and now returns.
        }
    }
}
