package io.github.diffviews.projection;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The distance between two activation rows that a projection preserves.
 */
public enum Metric {

    /** Straight-line distance, {@code sqrt(sum((x - y)^2))}. */
    EUCLIDEAN("euclidean"),

    /**
     * One minus the cosine of the angle between the rows, {@code 1 - x.y / (|x| |y|)}. Rows of
     * all zeros have no direction; they are kept as zeros, so their distance to any unit-length
     * row is 0.5.
     */
    COSINE("cosine");

    private final String jsonName;

    Metric(String jsonName) {
        this.jsonName = jsonName;
    }

    /**
     * Returns the name used in parameter files, as umap-learn spells it.
     *
     * @return the lower-case name, for example {@code "euclidean"}
     */
    public String jsonName() {
        return jsonName;
    }

    /**
     * Finds a metric by its name, ignoring case.
     *
     * @param name the name, for example {@code "cosine"}
     * @return the metric
     * @throws IllegalArgumentException if no metric has that name
     */
    public static Metric fromName(String name) {
        for (Metric metric : values()) {
            if (metric.jsonName.equalsIgnoreCase(name == null ? "" : name.trim())) {
                return metric;
            }
        }
        throw new IllegalArgumentException("Unknown metric '" + name + "'; expected one of "
                + Arrays.stream(values()).map(Metric::jsonName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return jsonName.toLowerCase(Locale.ROOT);
    }
}
