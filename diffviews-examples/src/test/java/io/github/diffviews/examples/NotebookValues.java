package io.github.diffviews.examples;

/**
 * Where the notebook test's JShell hands over the value of a cell's last expression. JShell runs
 * in this JVM ("local" execution) and its snippets load this class from the same class loader as
 * the test, so the value is the object itself, not its text.
 */
public final class NotebookValues {

    private static Object last;

    private NotebookValues() {
    }

    /**
     * Keeps a value; called from a JShell snippet.
     *
     * @param value the value of a cell's last expression
     */
    public static synchronized void keep(Object value) {
        last = value;
    }

    /** Returns the value kept last and forgets it. */
    static synchronized Object take() {
        Object value = last;
        last = null;
        return value;
    }
}
