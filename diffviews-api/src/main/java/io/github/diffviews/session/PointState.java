package io.github.diffviews.session;

/**
 * How a sample is marked on the map in an exploration state. When several marks apply, the
 * later constant wins: a selected sample of the highlighted class is {@link #SELECTED}.
 */
public enum PointState {
    /** Not marked. */
    NORMAL,
    /** Of the highlighted class. */
    CLASS_HIGHLIGHT,
    /** A suggested (k nearest) neighbor of the selection. */
    SUGGESTED_NEIGHBOR,
    /** A neighbor added by hand. */
    MANUAL_NEIGHBOR,
    /** The selected sample. */
    SELECTED
}
