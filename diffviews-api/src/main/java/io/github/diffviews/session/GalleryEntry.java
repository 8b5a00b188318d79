package io.github.diffviews.session;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * One image of the neighbor gallery: a sample and, for a suggested neighbor, its distance.
 *
 * @param sample the sample's row index
 * @param distance the distance to the selection for a suggested neighbor; empty for a manual one
 */
public record GalleryEntry(int sample, OptionalDouble distance) {

    /**
     * Tells whether the neighbor was added by hand.
     *
     * @return true for a manual neighbor
     */
    public boolean manual() {
        return distance.isEmpty();
    }

    /**
     * Returns the caption shown under the image: {@code "<id>: <name> (d=0.12)"} for a suggested
     * neighbor, {@code "<id>: <name> (manual)"} for one added by hand.
     *
     * @param classId the sample's class id
     * @param className the sample's class name
     * @return the caption
     */
    public String caption(int classId, String className) {
        String suffix = distance.isPresent()
                ? String.format(Locale.ROOT, "(d=%.2f)", distance.getAsDouble()) : "(manual)";
        return classId + ": " + className + " " + suffix;
    }
}
