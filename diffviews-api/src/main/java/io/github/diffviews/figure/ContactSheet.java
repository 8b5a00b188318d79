package io.github.diffviews.figure;

import io.github.diffviews.generation.Generation;
import io.github.diffviews.generation.GenerationStep;
import io.github.diffviews.io.AtomicFiles;
import io.github.diffviews.notebook.Notebooks;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Images laid out in a grid, each with a caption beneath it: the frames of a generation, step by
 * step, as the viewer's gallery shows them ({@code <id>: <name> | Step i/n | σ=…}).
 *
 * <pre>{@code
 * Figures.frames(generation, model).columns(5).cellSize(128).toPng(Path.of("frames.png"));
 * }</pre>
 *
 * <p>Each image is scaled, without smoothing, to fit a square cell of {@link #cellSize()}
 * pixels, centred; a caption too wide for its cell is broken at {@code " | "}, then shortened
 * with an ellipsis. A sheet is an immutable value; every method that configures it returns a new
 * sheet. In a Jupyter notebook on the IJava or JJava kernel a sheet displays itself as PNG.
 */
public final class ContactSheet {

    /** Pixels between cells and around the sheet. */
    public static final int GAP = 8;

    private static final Font CAPTION_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 15);

    private static final Color TEXT = new Color(0x2a, 0x3f, 0x5f);

    private static final int CAPTION_LINES = 3;

    static {
        Notebooks.installIfPresent();
    }

    private final List<BufferedImage> images;
    private final List<String> captions;
    private final int columns;
    private final int cellSize;
    private final String title;

    private ContactSheet(List<BufferedImage> images, List<String> captions, int columns,
            int cellSize, String title) {
        this.images = images;
        this.captions = captions;
        this.columns = columns;
        this.cellSize = cellSize;
        this.title = title;
    }

    /**
     * Makes a sheet of images with captions: up to 5 columns, 128-pixel cells, no title.
     *
     * @param images the images, in reading order
     * @param captions one caption per image (empty strings for none)
     * @return the sheet
     * @throws IllegalArgumentException if there are no images or the counts differ
     */
    public static ContactSheet of(List<BufferedImage> images, List<String> captions) {
        List<BufferedImage> imageList = List.copyOf(images);
        List<String> captionList = List.copyOf(captions);
        if (imageList.isEmpty()) {
            throw new IllegalArgumentException("A contact sheet needs at least one image");
        }
        if (imageList.size() != captionList.size()) {
            throw new IllegalArgumentException(imageList.size() + " images but "
                    + captionList.size() + " captions; expected one caption per image");
        }
        return new ContactSheet(imageList, captionList, Math.min(5, imageList.size()), 128, "");
    }

    /**
     * Makes the sheet of one image's frames of a generation: the composite frame of every step
     * (the prediction with the noised input in its corner), captioned
     * {@code <id>: <name> | Step i/n | σ=…} ({@code no class | …} for an unconditioned image).
     *
     * @param generation the generation
     * @param item the image of the batch
     * @param classNames names a class id
     * @return the sheet
     * @throws IndexOutOfBoundsException if the batch has no such image
     */
    public static ContactSheet of(Generation generation, int item,
            IntFunction<String> classNames) {
        Objects.requireNonNull(generation, "generation");
        Objects.requireNonNull(classNames, "classNames");
        int[] classes = generation.classes();
        Objects.checkIndex(item, classes.length);
        int classId = classes[item];
        String label = classId < 0 ? "no class" : classId + ": " + classNames.apply(classId);

        List<GenerationStep> frames = generation.frames();
        List<BufferedImage> images = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        for (GenerationStep step : frames) {
            images.add(step.composite(item));
            captions.add(caption(label, step.index() + 1, frames.size(), step.sigma()));
        }
        return of(images, captions);
    }

    /**
     * Returns the caption of a generation's frame, as the viewer writes it.
     *
     * @param classLabel {@code "<id>: <name>"} or {@code "no class"}
     * @param step the 1-based step
     * @param steps the number of steps
     * @param sigma σ of the step
     * @return {@code "<classLabel> | Step <step>/<steps> | σ=<sigma, one decimal>"}
     */
    public static String caption(String classLabel, int step, int steps, double sigma) {
        return String.format(Locale.ROOT, "%s | Step %d/%d | σ=%.1f", classLabel, step, steps,
                sigma);
    }

    /**
     * Returns the images.
     *
     * @return the images, in reading order
     */
    public List<BufferedImage> images() {
        return images;
    }

    /**
     * Returns the captions.
     *
     * @return one per image
     */
    public List<String> captions() {
        return captions;
    }

    /**
     * Returns the number of columns.
     *
     * @return the columns
     */
    public int columns() {
        return columns;
    }

    /**
     * Returns the number of rows the images fill.
     *
     * @return {@code ceil(images / columns)}
     */
    public int rows() {
        return (images.size() + columns - 1) / columns;
    }

    /**
     * Returns the side of each image's cell.
     *
     * @return pixels
     */
    public int cellSize() {
        return cellSize;
    }

    /**
     * Sets the number of columns.
     *
     * @param count 1 or more
     * @return the new sheet
     * @throws IllegalArgumentException if the count is below 1
     */
    public ContactSheet columns(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("Columns " + count + " must be at least 1");
        }
        return new ContactSheet(images, captions, count, cellSize, title);
    }

    /**
     * Sets the side of each image's cell.
     *
     * @param pixels 16 to 2048
     * @return the new sheet
     * @throws IllegalArgumentException if the size is out of range
     */
    public ContactSheet cellSize(int pixels) {
        if (pixels < 16 || pixels > 2048) {
            throw new IllegalArgumentException("Cell size " + pixels
                    + " is out of range; expected 16 to 2048 pixels");
        }
        return new ContactSheet(images, captions, columns, pixels, title);
    }

    /**
     * Sets a title drawn above the grid.
     *
     * @param text the title; empty for none
     * @return the new sheet
     */
    public ContactSheet title(String text) {
        return new ContactSheet(images, captions, columns, cellSize,
                Objects.requireNonNull(text, "text"));
    }

    /**
     * Returns where image {@code i}'s cell starts in the drawn sheet.
     *
     * @param i the image's index
     * @return {@code {x, y}} of the cell's upper-left pixel
     * @throws IndexOutOfBoundsException if there is no such image
     */
    public int[] cellOrigin(int i) {
        Objects.checkIndex(i, images.size());
        int column = i % columns;
        int row = i / columns;
        return new int[] {GAP + column * (cellSize + GAP),
            titleHeight() + GAP + row * (cellSize + captionHeight() + GAP)};
    }

    /**
     * Draws the sheet: a white background, the images centred in their cells, the captions
     * beneath them.
     *
     * @return a new RGB image
     */
    public BufferedImage toImage() {
        int width = GAP + columns * (cellSize + GAP);
        int height = titleHeight() + GAP + rows() * (cellSize + captionHeight() + GAP);
        BufferedImage sheet = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = sheet.createGraphics();
        try {
            graphics.setColor(Color.WHITE);
            graphics.fillRect(0, 0, width, height);
            graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
                    RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION,
                    RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            if (!title.isEmpty()) {
                graphics.setFont(TITLE_FONT);
                graphics.setColor(TEXT);
                FontMetrics metrics = graphics.getFontMetrics();
                graphics.drawString(fit(title, width - 2 * GAP, metrics), GAP,
                        GAP + metrics.getAscent());
            }
            graphics.setFont(CAPTION_FONT);
            FontMetrics metrics = graphics.getFontMetrics();
            for (int i = 0; i < images.size(); i++) {
                int[] origin = cellOrigin(i);
                drawImage(graphics, images.get(i), origin[0], origin[1]);
                graphics.setColor(TEXT);
                List<String> lines = captionLines(captions.get(i), metrics);
                int y = origin[1] + cellSize + 2 + metrics.getAscent();
                for (String line : lines) {
                    int x = origin[0] + Math.max(0, (cellSize - metrics.stringWidth(line)) / 2);
                    graphics.drawString(line, x, y);
                    y += metrics.getHeight();
                }
            }
        } finally {
            graphics.dispose();
        }
        return sheet;
    }

    /**
     * Draws the sheet as PNG bytes.
     *
     * @return the PNG file's bytes
     */
    public byte[] toPngBytes() {
        return MapPlot.png(toImage());
    }

    /**
     * Writes the sheet as a PNG file, atomically.
     *
     * @param file the file to write
     * @return the file
     * @throws IOException if it cannot be written
     */
    public Path toPng(Path file) throws IOException {
        byte[] bytes = toPngBytes();
        AtomicFiles.write(file, out -> out.write(bytes));
        return file;
    }

    @Override
    public String toString() {
        return "ContactSheet[" + images.size() + " images, " + columns + " columns, "
                + cellSize + " px cells]";
    }

    private void drawImage(Graphics2D graphics, BufferedImage image, int x, int y) {
        double scale = Math.min(cellSize / (double) image.getWidth(),
                cellSize / (double) image.getHeight());
        int drawnWidth = (int) Math.round(image.getWidth() * scale);
        int drawnHeight = (int) Math.round(image.getHeight() * scale);
        graphics.drawImage(image, x + (cellSize - drawnWidth) / 2,
                y + (cellSize - drawnHeight) / 2, drawnWidth, drawnHeight, null);
    }

    private List<String> captionLines(String caption, FontMetrics metrics) {
        if (caption.isEmpty()) {
            return List.of();
        }
        if (metrics.stringWidth(caption) <= cellSize) {
            return List.of(caption);
        }
        List<String> lines = new ArrayList<>();
        for (String part : caption.split(" \\| ")) {
            lines.add(fit(part, cellSize, metrics));
        }
        return lines.subList(0, Math.min(lines.size(), CAPTION_LINES));
    }

    private int captionHeight() {
        FontMetrics metrics = metrics(CAPTION_FONT);
        int lines = 0;
        for (String caption : captions) {
            lines = Math.max(lines, captionLines(caption, metrics).size());
        }
        return lines == 0 ? 0 : 4 + lines * metrics.getHeight();
    }

    private int titleHeight() {
        return title.isEmpty() ? 0 : metrics(TITLE_FONT).getHeight() + 4;
    }

    private static String fit(String text, int width, FontMetrics metrics) {
        if (metrics.stringWidth(text) <= width) {
            return text;
        }
        String shortened = text;
        while (!shortened.isEmpty() && metrics.stringWidth(shortened + "…") > width) {
            shortened = shortened.substring(0, shortened.length() - 1);
        }
        return shortened + "…";
    }

    private static FontMetrics metrics(Font font) {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = scratch.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
                    RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            return graphics.getFontMetrics(font);
        } finally {
            graphics.dispose();
        }
    }
}
