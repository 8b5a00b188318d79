package io.github.diffviews.data;

/** The type a CSV column's values were read as. */
public enum ColumnType {
    /** Every present value is a whole number. */
    INTEGER,
    /** Every present value is a number, and at least one is not whole. */
    DECIMAL,
    /** Anything else: the values are kept as text. */
    TEXT
}
