package io.github.diffviews.viz.figure;

import io.github.diffviews.figure.HtmlFigureProvider;
import io.github.diffviews.figure.HtmlFigureWriter;

/**
 * Provides {@code plotly}, the HTML figure writer that inlines Plotly.js from the WebJar
 * {@code org.webjars.npm:plotly.js-dist} on the class path. Listed in
 * {@code META-INF/services/io.github.diffviews.figure.HtmlFigureProvider}.
 */
public final class PlotlyHtmlProvider implements HtmlFigureProvider {

    private volatile PlotlyHtmlWriter writer;

    /** Creates the provider; Plotly.js is read on the first {@link #get()}. */
    public PlotlyHtmlProvider() {
    }

    @Override
    public String name() {
        return "plotly";
    }

    @Override
    public int rank() {
        return 0;
    }

    /**
     * Returns the writer, reading Plotly.js from the class path on first use.
     *
     * @return the shared writer
     * @throws io.github.diffviews.spi.BackendException if Plotly.js is not on the class path
     */
    @Override
    public HtmlFigureWriter get() {
        PlotlyHtmlWriter current = writer;
        if (current == null) {
            synchronized (this) {
                current = writer;
                if (current == null) {
                    current = PlotlyHtmlWriter.fromClassPath(
                            PlotlyHtmlProvider.class.getClassLoader());
                    writer = current;
                }
            }
        }
        return current;
    }
}
