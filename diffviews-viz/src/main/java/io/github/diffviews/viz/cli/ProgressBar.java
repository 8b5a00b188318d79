package io.github.diffviews.viz.cli;

import io.github.diffviews.task.ProgressListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Draws the progress of long work on standard error. On a terminal one line is redrawn in place
 * (at most ten times a second); otherwise a line is printed when a stage starts and when it ends.
 */
final class ProgressBar implements ProgressListener {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private String stage;
    private long stageStarted;
    private long lastDraw;
    private boolean lineOpen;

    ProgressBar(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public synchronized void progress(String name, long done, long total) {
        boolean newStage = !name.equals(stage);
        boolean finished = total > 0 && done >= total;
        long now = System.nanoTime();
        if (newStage && stage != null && !terminal) {
            lineOpen = false;
        }
        if (newStage) {
            if (lineOpen) {
                err.println();
                lineOpen = false;
            }
            stage = name;
            stageStarted = now;
            if (!terminal) {
                err.printf(Locale.ROOT, "%s...%n", name);
            }
        }
        if (terminal && (newStage || finished || now - lastDraw >= REDRAW_NANOS)) {
            err.print("\r" + line(name, done, total, now));
            lineOpen = true;
            lastDraw = now;
        } else if (!terminal && finished) {
            err.println(line(name, done, total, now));
        }
        err.flush();
    }

    /** Ends the current line, if one is open. */
    synchronized void finish() {
        if (lineOpen) {
            err.println();
            lineOpen = false;
        }
        err.flush();
    }

    private String line(String name, long done, long total, long now) {
        double seconds = (now - started) / 1e9;
        if (total <= 0) {
            return String.format(Locale.ROOT, "%-10s %d  %6.1fs", name, done, seconds);
        }
        double fraction = Math.min(1.0, done / (double) total);
        int filled = (int) Math.round(fraction * WIDTH);
        String left = "";
        if (done > 0 && done < total) {
            double stageSeconds = (now - stageStarted) / 1e9;
            left = String.format(Locale.ROOT, ", about %.0fs left",
                    stageSeconds / done * (total - done));
        }
        return String.format(Locale.ROOT, "%-10s [%s%s] %3d%% (%d/%d)  %6.1fs%s", name,
                "#".repeat(filled), ".".repeat(WIDTH - filled), Math.round(fraction * 100), done,
                total, seconds, left);
    }
}
