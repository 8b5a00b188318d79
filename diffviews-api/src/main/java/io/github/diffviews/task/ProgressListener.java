package io.github.diffviews.task;

/**
 * Receives progress reports from long work. Reports come from the working thread, so listeners
 * must be quick and must not block; an exception thrown by a listener is logged and ignored by
 * the reporting code.
 */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores every report. */
    ProgressListener NONE = (stage, done, total) -> { };

    /**
     * Reports that {@code done} of {@code total} units of a stage are finished.
     *
     * @param stage a short name for the stage, for example {@code "optimize layout"}
     * @param done units finished so far
     * @param total units in the stage, or -1 when unknown
     */
    void progress(String stage, long done, long total);
}
