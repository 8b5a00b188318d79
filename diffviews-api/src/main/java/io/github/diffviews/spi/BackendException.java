package io.github.diffviews.spi;

/**
 * Thrown when no backend of a kind is available, when a requested backend is unknown, or when a
 * backend fails to start. The message says what was looked for and what to add or change.
 */
public class BackendException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong and how to fix it
     */
    public BackendException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message what went wrong and how to fix it
     * @param cause the underlying failure
     */
    public BackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
