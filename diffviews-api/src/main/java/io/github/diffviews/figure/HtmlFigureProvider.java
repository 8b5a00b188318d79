package io.github.diffviews.figure;

import io.github.diffviews.spi.BackendProvider;
import io.github.diffviews.spi.Backends;

/**
 * Supplies an {@link HtmlFigureWriter}. Implementations are listed in
 * {@code META-INF/services/io.github.diffviews.figure.HtmlFigureProvider}; the module
 * {@code io.github.diffviews:diffviews-viz} provides {@code plotly}, which inlines Plotly.js from
 * its WebJar so that pages work offline. {@link MapPlot#toHtml()} uses the default one.
 */
public interface HtmlFigureProvider extends BackendProvider<HtmlFigureWriter> {

    /**
     * How HTML figure writers are found and chosen: the system property {@code diffviews.html}
     * or the environment variable {@code DIFFVIEWS_HTML} names one; otherwise the lowest rank
     * wins.
     */
    Backends.Kind<HtmlFigureProvider> KIND = new Backends.Kind<>(HtmlFigureProvider.class,
            "HTML figure writer", "diffviews.html", "DIFFVIEWS_HTML",
            "io.github.diffviews:diffviews-viz");
}
