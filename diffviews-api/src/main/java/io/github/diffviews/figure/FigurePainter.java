package io.github.diffviews.figure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.Locale;
import java.util.Map;

/**
 * Draws the Plotly figures of this package with Java2D, without a browser: the scatter and line
 * traces {@link MapFigure} writes, with their marker sizes, colours (single, per point, or
 * numbers on a two-stop colour scale), opacities, outlines and symbols (circle, diamond, star),
 * dashed lines, the title, axis titles, grid lines and ticks. It needs no display
 * ({@code java.awt.headless=true} is fine) and draws in the figure's trace order, so the
 * overlays land on the samples as Plotly stacks them.
 *
 * <p>Sizes follow Plotly's: a marker's size is its diameter in pixels, a line's width and an
 * outline's width are in pixels, and the {@code dash} pattern is three line widths on, three
 * off. The axes span every point drawn, padded by 5 % on each side; ticks fall on 1, 2 or 5
 * times a power of ten, about six per axis.
 */
final class FigurePainter {

    /** Left margin: tick labels and the vertical axis title. */
    static final int LEFT = 64;

    /** Right margin. */
    static final int RIGHT = 20;

    /** Top margin: the title. */
    static final int TOP = 44;

    /** Bottom margin: tick labels and the horizontal axis title. */
    static final int BOTTOM = 52;

    private static final Color GRID = new Color(0xEB, 0xF0, 0xF8);

    private static final Color TEXT = new Color(0x2a, 0x3f, 0x5f);

    private static final double PADDING = 0.05;

    private static final Map<String, Color> NAMED = Map.of(
            "black", Color.BLACK,
            "white", Color.WHITE,
            "red", new Color(255, 0, 0),
            "lime", new Color(0, 255, 0),
            "green", new Color(0, 128, 0),
            "cyan", new Color(0, 255, 255),
            "yellow", new Color(255, 255, 0),
            "blue", new Color(0, 0, 255),
            "orange", new Color(255, 165, 0),
            "gray", new Color(128, 128, 128));

    private FigurePainter() {
    }

    /**
     * Draws a figure.
     *
     * @param figure {@code {"data": [...], "layout": {...}}}
     * @param width the image width in pixels
     * @param height the image height in pixels
     * @return a new RGB image
     * @throws IllegalArgumentException if the size leaves no room for the plot, or a trace holds
     *     a colour or symbol this painter does not know
     */
    static BufferedImage paint(ObjectNode figure, int width, int height) {
        PlotArea area = area(figure, width, height);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING,
                    RenderingHints.VALUE_ANTIALIAS_ON);
            graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
                    RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            graphics.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL,
                    RenderingHints.VALUE_STROKE_PURE);
            graphics.setColor(Color.WHITE);
            graphics.fillRect(0, 0, width, height);

            JsonNode layout = figure.path("layout");
            drawAxes(graphics, area, layout);

            graphics.setClip(new Rectangle2D.Double(area.left(), area.top(), area.width(),
                    area.height()));
            for (JsonNode trace : figure.path("data")) {
                String mode = trace.path("mode").asText("markers");
                if (mode.contains("lines")) {
                    drawLine(graphics, area, trace);
                }
                if (mode.contains("markers")) {
                    drawMarkers(graphics, area, trace);
                }
            }
            graphics.setClip(null);

            drawTitle(graphics, area, layout);
        } finally {
            graphics.dispose();
        }
        return image;
    }

    /**
     * Computes where a figure's data land in an image of a given size.
     *
     * @param figure the figure
     * @param width the image width
     * @param height the image height
     * @return the plot area and data ranges
     * @throws IllegalArgumentException if the size leaves no room for the plot
     */
    static PlotArea area(ObjectNode figure, int width, int height) {
        if (width - LEFT - RIGHT < 20 || height - TOP - BOTTOM < 20) {
            throw new IllegalArgumentException("A figure of " + width + " x " + height
                    + " pixels leaves no room for the plot; use at least "
                    + (LEFT + RIGHT + 20) + " x " + (TOP + BOTTOM + 20));
        }
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (JsonNode trace : figure.path("data")) {
            JsonNode xs = trace.path("x");
            JsonNode ys = trace.path("y");
            for (int i = 0; i < Math.min(xs.size(), ys.size()); i++) {
                double x = xs.get(i).asDouble();
                double y = ys.get(i).asDouble();
                if (Double.isFinite(x) && Double.isFinite(y)) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        if (minX > maxX) {
            minX = -1;
            maxX = 1;
            minY = -1;
            maxY = 1;
        }
        double[] xRange = padded(minX, maxX);
        double[] yRange = padded(minY, maxY);
        return new PlotArea(LEFT, TOP, width - LEFT - RIGHT, height - TOP - BOTTOM,
                xRange[0], xRange[1], yRange[0], yRange[1]);
    }

    private static double[] padded(double min, double max) {
        double span = max - min;
        double pad = span > 0 ? span * PADDING : Math.max(Math.abs(min) * PADDING, 0.5);
        return new double[] {min - pad, max + pad};
    }

    private static void drawAxes(Graphics2D graphics, PlotArea area, JsonNode layout) {
        Font tickFont = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
        Font titleFont = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        graphics.setStroke(new BasicStroke(1f));
        graphics.setFont(tickFont);
        FontMetrics metrics = graphics.getFontMetrics();

        double xStep = tickStep(area.maxX() - area.minX());
        for (double tick : ticks(area.minX(), area.maxX(), xStep)) {
            double px = area.pixelX(tick);
            graphics.setColor(GRID);
            graphics.draw(new Line2D.Double(px, area.top(), px, area.bottom()));
            String label = tickLabel(tick, xStep);
            graphics.setColor(TEXT);
            graphics.drawString(label, (float) (px - metrics.stringWidth(label) / 2.0),
                    (float) (area.bottom() + 4 + metrics.getAscent()));
        }
        double yStep = tickStep(area.maxY() - area.minY());
        for (double tick : ticks(area.minY(), area.maxY(), yStep)) {
            double py = area.pixelY(tick);
            graphics.setColor(GRID);
            graphics.draw(new Line2D.Double(area.left(), py, area.right(), py));
            String label = tickLabel(tick, yStep);
            graphics.setColor(TEXT);
            graphics.drawString(label, (float) (area.left() - 6 - metrics.stringWidth(label)),
                    (float) (py + metrics.getAscent() / 2.0 - 1));
        }

        graphics.setFont(titleFont);
        FontMetrics titleMetrics = graphics.getFontMetrics();
        String xTitle = layout.path("xaxis").path("title").path("text").asText("");
        graphics.drawString(xTitle, (float) (area.left() + (area.width()
                - titleMetrics.stringWidth(xTitle)) / 2.0), (float) (area.bottom() + 4
                + metrics.getHeight() + titleMetrics.getAscent()));
        String yTitle = layout.path("yaxis").path("title").path("text").asText("");
        Graphics2D rotated = (Graphics2D) graphics.create();
        try {
            rotated.translate(14 + titleMetrics.getAscent() / 2.0, area.top() + (area.height()
                    + titleMetrics.stringWidth(yTitle)) / 2.0);
            rotated.rotate(-Math.PI / 2);
            rotated.drawString(yTitle, 0f, 0f);
        } finally {
            rotated.dispose();
        }
    }

    private static void drawTitle(Graphics2D graphics, PlotArea area, JsonNode layout) {
        String title = layout.path("title").path("text").asText("");
        if (title.isEmpty()) {
            return;
        }
        graphics.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 17));
        graphics.setColor(TEXT);
        FontMetrics metrics = graphics.getFontMetrics();
        double total = area.left() + area.width() + RIGHT;
        graphics.drawString(title, (float) ((total - metrics.stringWidth(title)) / 2.0),
                (float) ((TOP - metrics.getHeight()) / 2.0 + metrics.getAscent()));
    }

    private static void drawLine(Graphics2D graphics, PlotArea area, JsonNode trace) {
        JsonNode xs = trace.path("x");
        JsonNode ys = trace.path("y");
        JsonNode line = trace.path("line");
        float width = (float) line.path("width").asDouble(2);
        Color color = color(line.path("color").asText("#1f77b4"));
        float[] dash = null;
        if ("dash".equals(line.path("dash").asText(""))) {
            float on = 3 * Math.max(width, 3);
            dash = new float[] {on, on};
        }
        graphics.setStroke(new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND,
                10f, dash, 0f));
        graphics.setColor(color);
        Path2D.Double path = new Path2D.Double();
        boolean started = false;
        for (int i = 0; i < Math.min(xs.size(), ys.size()); i++) {
            double x = xs.get(i).asDouble();
            double y = ys.get(i).asDouble();
            if (!Double.isFinite(x) || !Double.isFinite(y)) {
                started = false;
                continue;
            }
            if (started) {
                path.lineTo(area.pixelX(x), area.pixelY(y));
            } else {
                path.moveTo(area.pixelX(x), area.pixelY(y));
                started = true;
            }
        }
        graphics.draw(path);
    }

    private static void drawMarkers(Graphics2D graphics, PlotArea area, JsonNode trace) {
        JsonNode xs = trace.path("x");
        JsonNode ys = trace.path("y");
        JsonNode marker = trace.path("marker");
        JsonNode outline = marker.path("line");
        String symbol = marker.path("symbol").asText("circle");
        float outlineWidth = (float) outline.path("width").asDouble(0);
        BasicStroke stroke = new BasicStroke(outlineWidth);
        ColorScale scale = ColorScale.of(marker);

        int n = Math.min(xs.size(), ys.size());
        for (int i = 0; i < n; i++) {
            double x = xs.get(i).asDouble();
            double y = ys.get(i).asDouble();
            if (!Double.isFinite(x) || !Double.isFinite(y)) {
                continue;
            }
            double size = value(marker.path("size"), i, 6);
            double opacity = value(marker.path("opacity"), i, 1);
            Shape shape = symbol(symbol, area.pixelX(x), area.pixelY(y), size);

            Color fill = pointColor(marker.path("color"), i, scale);
            if (fill.getAlpha() > 0) {
                graphics.setColor(withOpacity(fill, opacity));
                graphics.fill(shape);
            }
            if (outlineWidth > 0) {
                Color edge = pointColor(outline.path("color"), i, null);
                if (edge.getAlpha() > 0) {
                    graphics.setStroke(stroke);
                    graphics.setColor(withOpacity(edge, opacity));
                    graphics.draw(shape);
                }
            }
        }
    }

    private static Shape symbol(String symbol, double cx, double cy, double size) {
        double r = size / 2;
        switch (symbol) {
            case "circle":
                return new Ellipse2D.Double(cx - r, cy - r, size, size);
            case "diamond": {
                double d = r * 1.3;
                Path2D.Double diamond = new Path2D.Double();
                diamond.moveTo(cx, cy - d);
                diamond.lineTo(cx + d, cy);
                diamond.lineTo(cx, cy + d);
                diamond.lineTo(cx - d, cy);
                diamond.closePath();
                return diamond;
            }
            case "star": {
                double outer = r * 1.25;
                double inner = outer * 0.4;
                Path2D.Double star = new Path2D.Double();
                for (int k = 0; k < 10; k++) {
                    double radius = k % 2 == 0 ? outer : inner;
                    double angle = -Math.PI / 2 + k * Math.PI / 5;
                    double px = cx + radius * Math.cos(angle);
                    double py = cy + radius * Math.sin(angle);
                    if (k == 0) {
                        star.moveTo(px, py);
                    } else {
                        star.lineTo(px, py);
                    }
                }
                star.closePath();
                return star;
            }
            default:
                throw new IllegalArgumentException("Marker symbol '" + symbol + "' cannot be "
                        + "drawn; expected circle, diamond or star");
        }
    }

    private static double value(JsonNode node, int i, double fallback) {
        if (node.isArray()) {
            return i < node.size() ? node.get(i).asDouble(fallback) : fallback;
        }
        return node.isNumber() ? node.asDouble() : fallback;
    }

    private static Color pointColor(JsonNode node, int i, ColorScale scale) {
        JsonNode value = node.isArray() ? node.get(i) : node;
        if (value == null || value.isMissingNode() || value.isNull()) {
            return color(ClassColors.UNCLASSED);
        }
        if (value.isNumber()) {
            if (scale == null) {
                throw new IllegalArgumentException("A numeric marker colour needs a "
                        + "colorscale");
            }
            return scale.at(value.asDouble());
        }
        return color(value.asText());
    }

    private static Color withOpacity(Color color, double opacity) {
        int alpha = (int) Math.round(color.getAlpha() * Math.max(0, Math.min(1, opacity)));
        return new Color(color.getRed(), color.getGreen(), color.getBlue(), alpha);
    }

    /**
     * Parses a CSS colour as Plotly accepts it: {@code #rgb}, {@code #rrggbb},
     * {@code rgb(r,g,b)}, {@code rgba(r,g,b,a)} or one of a few names.
     *
     * @param text the colour
     * @return the colour
     * @throws IllegalArgumentException if it is none of those
     */
    static Color color(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (value.startsWith("#") && value.length() == 7) {
                return new Color(Integer.parseInt(value.substring(1), 16));
            }
            if (value.startsWith("#") && value.length() == 4) {
                int r = Integer.parseInt(value.substring(1, 2), 16);
                int g = Integer.parseInt(value.substring(2, 3), 16);
                int b = Integer.parseInt(value.substring(3, 4), 16);
                return new Color(r * 17, g * 17, b * 17);
            }
            if (value.startsWith("rgb")) {
                String inside = value.substring(value.indexOf('(') + 1, value.lastIndexOf(')'));
                String[] parts = inside.split(",");
                int r = (int) Math.round(Double.parseDouble(parts[0].trim()));
                int g = (int) Math.round(Double.parseDouble(parts[1].trim()));
                int b = (int) Math.round(Double.parseDouble(parts[2].trim()));
                double a = parts.length > 3 ? Double.parseDouble(parts[3].trim()) : 1;
                return new Color(r, g, b, (int) Math.round(255 * a));
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Colour '" + text + "' is malformed", e);
        }
        Color named = NAMED.get(value);
        if (named == null) {
            throw new IllegalArgumentException("Colour '" + text + "' is not known; expected "
                    + "#rrggbb, rgb(...), rgba(...) or one of " + NAMED.keySet());
        }
        return named;
    }

    /**
     * Returns the tick spacing for a span: 1, 2 or 5 times a power of ten, about six ticks.
     *
     * @param span the axis span
     * @return the spacing
     */
    static double tickStep(double span) {
        double raw = span / 6;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double residual = raw / magnitude;
        double factor = residual < 1.5 ? 1 : residual < 3 ? 2 : residual < 7 ? 5 : 10;
        return factor * magnitude;
    }

    private static double[] ticks(double min, double max, double step) {
        long first = (long) Math.ceil(min / step);
        long last = (long) Math.floor(max / step);
        double[] ticks = new double[(int) Math.max(0, last - first + 1)];
        for (int i = 0; i < ticks.length; i++) {
            ticks[i] = (first + i) * step;
        }
        return ticks;
    }

    private static String tickLabel(double tick, double step) {
        int decimals = (int) Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
        double value = Math.abs(tick) < step * 1e-6 ? 0 : tick;
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /**
     * Where the data land: the plot rectangle in pixels and the data ranges it shows.
     *
     * @param left the plot's left edge in pixels
     * @param top the plot's top edge in pixels
     * @param width the plot's width in pixels
     * @param height the plot's height in pixels
     * @param minX the data value at the left edge
     * @param maxX the data value at the right edge
     * @param minY the data value at the bottom edge
     * @param maxY the data value at the top edge
     */
    record PlotArea(double left, double top, double width, double height, double minX,
            double maxX, double minY, double maxY) {

        /** Returns the plot's right edge in pixels. */
        double right() {
            return left + width;
        }

        /** Returns the plot's bottom edge in pixels. */
        double bottom() {
            return top + height;
        }

        /** Returns the horizontal pixel of a data value. */
        double pixelX(double x) {
            return left + (x - minX) / (maxX - minX) * width;
        }

        /** Returns the vertical pixel of a data value (up is smaller). */
        double pixelY(double y) {
            return top + (maxY - y) / (maxY - minY) * height;
        }
    }

    /** A two-or-more-stop colour scale over {@code [cmin, cmax]}, as Plotly's colorscale. */
    private record ColorScale(double[] stops, Color[] colors, double min, double max) {

        static ColorScale of(JsonNode marker) {
            JsonNode scale = marker.path("colorscale");
            if (!scale.isArray() || scale.size() < 2) {
                return null;
            }
            double[] stops = new double[scale.size()];
            Color[] colors = new Color[scale.size()];
            for (int i = 0; i < scale.size(); i++) {
                stops[i] = scale.get(i).get(0).asDouble();
                colors[i] = color(scale.get(i).get(1).asText());
            }
            return new ColorScale(stops, colors, marker.path("cmin").asDouble(0),
                    marker.path("cmax").asDouble(1));
        }

        Color at(double value) {
            double t = max > min ? (value - min) / (max - min) : 0;
            t = Math.max(0, Math.min(1, t));
            for (int i = 1; i < stops.length; i++) {
                if (t <= stops[i] || i == stops.length - 1) {
                    double local = stops[i] > stops[i - 1]
                            ? (t - stops[i - 1]) / (stops[i] - stops[i - 1]) : 0;
                    local = Math.max(0, Math.min(1, local));
                    Color a = colors[i - 1];
                    Color b = colors[i];
                    return new Color(mix(a.getRed(), b.getRed(), local),
                            mix(a.getGreen(), b.getGreen(), local),
                            mix(a.getBlue(), b.getBlue(), local));
                }
            }
            return colors[colors.length - 1];
        }

        private static int mix(int a, int b, double t) {
            return (int) Math.round(a + (b - a) * t);
        }
    }
}
