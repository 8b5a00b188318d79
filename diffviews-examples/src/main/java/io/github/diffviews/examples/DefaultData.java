package io.github.diffviews.examples;

import java.nio.file.Path;

/** Where the examples find their data when the command line names none. */
final class DefaultData {

    /** The system property that names the data directory. */
    static final String PROPERTY = "diffviews.data";

    /** The environment variable that names the data directory. */
    static final String VARIABLE = "DIFFVIEWS_DATA";

    /** The demo data that {@code ./diffviews demo} builds in the project. */
    static final String DEMO = "demo-data";

    private DefaultData() {
    }

    /**
     * Returns the data directory: the first argument, else {@code -Ddiffviews.data}, else
     * {@code DIFFVIEWS_DATA}, else {@code demo-data}.
     */
    static Path directory(String[] args) {
        if (args.length > 0) {
            return Path.of(args[0]);
        }
        String named = System.getProperty(PROPERTY, System.getenv(VARIABLE));
        return Path.of(named == null || named.isBlank() ? DEMO : named);
    }
}
