package io.github.diffviews.figure;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes a Plotly figure description as HTML that draws it in a browser without a network:
 * Plotly.js itself is written into the page. Obtain one through {@link HtmlFigureProvider};
 * {@code io.github.diffviews:diffviews-viz} supplies one that inlines Plotly.js from its WebJar.
 * Implementations are thread-safe.
 */
public interface HtmlFigureWriter {

    /**
     * Writes a whole page: the figure in a {@code <div>}, drawn by Plotly.js, which the page
     * carries in an inline {@code <script>}. The page loads nothing from elsewhere.
     *
     * @param figure {@code {"data": [...], "layout": {...}}}, as {@link MapFigure} builds it
     * @param title the page's title
     * @return the HTML document
     */
    String page(ObjectNode figure, String title);

    /**
     * Writes a fragment for a page that already exists, such as a notebook's output cell: a
     * {@code <div>} holding a fallback image, and a script that replaces it with the interactive
     * figure when Plotly.js is present.
     *
     * @param figure the figure description
     * @param elementId the id of the {@code <div>}, unique in the page
     * @param includeLibrary true to carry Plotly.js in the fragment (it then defines
     *     {@code window.Plotly} for later fragments of the page)
     * @param fallbackPng a PNG of the figure shown until, or unless, Plotly.js draws it; null for
     *     none
     * @return the HTML fragment
     */
    String fragment(ObjectNode figure, String elementId, boolean includeLibrary,
            byte[] fallbackPng);
}
