package io.github.diffviews.viz.figure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.diffviews.figure.HtmlFigureWriter;
import io.github.diffviews.spi.BackendException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Writes Plotly figures as HTML with Plotly.js inlined, so nothing is fetched when the page
 * opens. The figure travels as JSON in a {@code <script type="application/json">} element, with
 * every {@code <} written as its six-character JSON escape, so no string in it can close the
 * element; Plotly.js is checked to hold no {@code </script} for the same reason.
 */
final class PlotlyHtmlWriter implements HtmlFigureWriter {

    /** The WebJar's Maven coordinates, for messages. */
    static final String WEBJAR = "org.webjars.npm:plotly.js-dist";

    private static final String POM_PROPERTIES =
            "META-INF/maven/org.webjars.npm/plotly.js-dist/pom.properties";

    private static final String SCRIPT = "META-INF/resources/webjars/plotly.js-dist/%s/plotly.js";

    private static final Pattern ID = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String version;
    private final String plotly;

    PlotlyHtmlWriter(String version, String plotly) {
        this.version = Objects.requireNonNull(version, "version");
        if (plotly.toLowerCase(java.util.Locale.ROOT).contains("</script")) {
            throw new IllegalArgumentException("Plotly.js " + version + " holds '</script', "
                    + "which would end its inline <script> element");
        }
        this.plotly = plotly;
    }

    /**
     * Reads Plotly.js from the WebJar on a class path.
     *
     * @param loader the class loader to read from
     * @return the writer
     * @throws BackendException if the WebJar is not on the class path
     */
    static PlotlyHtmlWriter fromClassPath(ClassLoader loader) {
        String version;
        try (InputStream in = loader.getResourceAsStream(POM_PROPERTIES)) {
            if (in == null) {
                throw new BackendException("Plotly.js is not on the class path (" + POM_PROPERTIES
                        + "); add " + WEBJAR + " (io.github.diffviews:diffviews-viz brings it)");
            }
            Properties properties = new Properties();
            properties.load(in);
            version = properties.getProperty("version");
        } catch (IOException e) {
            throw new BackendException("Cannot read " + POM_PROPERTIES + ": " + e.getMessage(), e);
        }
        String resource = String.format(SCRIPT, version);
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new BackendException("The WebJar " + WEBJAR + ":" + version + " has no "
                        + resource);
            }
            return new PlotlyHtmlWriter(version, new String(in.readAllBytes(),
                    StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BackendException("Cannot read " + resource + ": " + e.getMessage(), e);
        }
    }

    /**
     * Returns the version of Plotly.js inlined.
     *
     * @return for example {@code 3.3.1}
     */
    String version() {
        return version;
    }

    @Override
    public String page(ObjectNode figure, String title) {
        StringBuilder html = new StringBuilder(plotly.length() + 64 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"generator\" content=\"DiffViews\">\n")
                .append("<title>").append(escape(title)).append("</title>\n")
                .append("<style>html, body { margin: 0; background: #fff; }</style>\n");
        library(html);
        html.append("</head>\n<body>\n<div id=\"figure\"></div>\n");
        data(html, "figure-data", figure);
        html.append("<script>\n(function () {\n")
                .append("  var figure = JSON.parse(document.getElementById('figure-data')")
                .append(".textContent);\n")
                .append("  Plotly.newPlot('figure', figure.data, figure.layout, ")
                .append("{displaylogo: false, responsive: true});\n")
                .append("})();\n</script>\n</body>\n</html>\n");
        return html.toString();
    }

    @Override
    public String fragment(ObjectNode figure, String elementId, boolean includeLibrary,
            byte[] fallbackPng) {
        if (!ID.matcher(elementId).matches()) {
            throw new IllegalArgumentException("Element id '" + elementId + "' must be a letter "
                    + "followed by letters, digits, '-' or '_'");
        }
        StringBuilder html = new StringBuilder((includeLibrary ? plotly.length() : 0)
                + 64 * 1024);
        html.append("<div id=\"").append(elementId).append("\">");
        if (fallbackPng != null) {
            html.append("<img alt=\"DiffViews map\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(fallbackPng)).append("\">");
        }
        html.append("</div>\n");
        if (includeLibrary) {
            library(html);
        }
        data(html, elementId + "-data", figure);
        html.append("<script>\n(function () {\n")
                .append("  var element = document.getElementById('").append(elementId)
                .append("');\n")
                .append("  if (!element || typeof window.Plotly === 'undefined') { return; }\n")
                .append("  var figure = JSON.parse(document.getElementById('").append(elementId)
                .append("-data').textContent);\n")
                .append("  element.innerHTML = '';\n")
                .append("  window.Plotly.newPlot(element, figure.data, figure.layout, ")
                .append("{displaylogo: false});\n")
                .append("})();\n</script>\n");
        return html.toString();
    }

    private void library(StringBuilder html) {
        html.append("<script>\n/* plotly.js ").append(version)
                .append(" (MIT licence), inlined from ").append(WEBJAR).append(" */\n")
                .append(plotly).append("\n</script>\n");
    }

    private static void data(StringBuilder html, String id, ObjectNode figure) {
        String json;
        try {
            json = JSON.writeValueAsString(figure);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The figure cannot be written as JSON: "
                    + e.getMessage(), e);
        }
        html.append("<script type=\"application/json\" id=\"").append(id).append("\">")
                .append(json.replace("<", "\\u003c"))
                .append("</script>\n");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
