package io.github.diffviews.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Thrown when a file exists but does not hold what it should: a truncated or non-float
 * {@code .npy}, a malformed CSV or JSON document, rows that do not line up. The message starts
 * with the file and says what was expected.
 */
public class DataFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * Creates an exception about one file.
     *
     * @param file the offending file, or null when the problem is not tied to a file
     * @param problem what is wrong and what was expected
     */
    public DataFormatException(Path file, String problem) {
        super(file == null ? problem : file + ": " + problem);
        this.file = file;
    }

    /**
     * Creates an exception about one file with an underlying cause.
     *
     * @param file the offending file, or null when the problem is not tied to a file
     * @param problem what is wrong and what was expected
     * @param cause the underlying failure
     */
    public DataFormatException(Path file, String problem, Throwable cause) {
        super(file == null ? problem : file + ": " + problem, cause);
        this.file = file;
    }

    /**
     * Returns the offending file.
     *
     * @return the file, or null when the problem is not tied to one
     */
    public Path file() {
        return file;
    }
}
