package io.github.diffviews.data;

import java.util.List;

/**
 * Thrown when a layer name is not known to a model or an activation file. The message lists the
 * names that are known.
 */
public class UnknownLayerException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String layer;

    /**
     * Creates the exception.
     *
     * @param layer the unknown name
     * @param known the names that are known
     */
    public UnknownLayerException(String layer, List<String> known) {
        super("Unknown layer '" + layer + "'; known layers: " + String.join(", ", known));
        this.layer = layer;
    }

    /**
     * Returns the name that was not found.
     *
     * @return the unknown layer name
     */
    public String layer() {
        return layer;
    }
}
