package io.github.diffviews.generation;

import io.github.diffviews.tensor.Tensor;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Objects;

/**
 * A batch of 8-bit images, {@code (B, H, W, C)} with C = 3 (RGB) or 1 (gray), converted from a
 * network tensor in [−1, 1] exactly as the Python tool did: {@code trunc(clamp((t + 1) · 127.5,
 * 0, 255))}, in float32 arithmetic. Immutable.
 */
public final class ImageBatch {

    private final byte[] pixels;
    private final int batch;
    private final int height;
    private final int width;
    private final int channels;

    private ImageBatch(byte[] pixels, int batch, int height, int width, int channels) {
        this.pixels = pixels;
        this.batch = batch;
        this.height = height;
        this.width = width;
        this.channels = channels;
    }

    /**
     * Converts a {@code (B, C, H, W)} tensor in [−1, 1].
     *
     * @param tensor the images
     * @return the 8-bit batch, channels last
     * @throws IllegalArgumentException if the tensor is not 4-D with 1 or 3 channels
     */
    public static ImageBatch fromTensor(Tensor tensor) {
        Objects.requireNonNull(tensor, "tensor");
        if (tensor.rank() != 4 || (tensor.dim(1) != 1 && tensor.dim(1) != 3)) {
            throw new IllegalArgumentException("Images have shape "
                    + Arrays.toString(tensor.shape()) + ", expected (B, 1 or 3, H, W)");
        }
        int b = tensor.dim(0);
        int c = tensor.dim(1);
        int h = tensor.dim(2);
        int w = tensor.dim(3);
        byte[] pixels = new byte[b * h * w * c];
        for (int item = 0; item < b; item++) {
            for (int channel = 0; channel < c; channel++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        float value = tensor.get(((item * c + channel) * h + y) * w + x);
                        pixels[((item * h + y) * w + x) * c + channel] = (byte) toUint8(value);
                    }
                }
            }
        }
        return new ImageBatch(pixels, b, h, w, c);
    }

    /**
     * Converts one value as the Python tool did.
     *
     * @param value a pixel value, nominally in [−1, 1]
     * @return {@code trunc(clamp((value + 1) · 127.5, 0, 255))}; NaN gives 0
     */
    public static int toUint8(float value) {
        float scaled = (value + 1f) * 127.5f;
        if (!(scaled > 0f)) {
            return 0;
        }
        return (int) Math.min(scaled, 255f);
    }

    /**
     * Returns the number of images.
     *
     * @return B
     */
    public int size() {
        return batch;
    }

    /**
     * Returns the image height.
     *
     * @return H
     */
    public int height() {
        return height;
    }

    /**
     * Returns the image width.
     *
     * @return W
     */
    public int width() {
        return width;
    }

    /**
     * Returns the channel count.
     *
     * @return 3 for RGB, 1 for gray
     */
    public int channels() {
        return channels;
    }

    /**
     * Returns one pixel value.
     *
     * @param item the image
     * @param y the row
     * @param x the column
     * @param channel the channel
     * @return the value in [0, 255]
     */
    public int get(int item, int y, int x, int channel) {
        return pixels[((item * height + y) * width + x) * channels + channel] & 0xff;
    }

    /**
     * Returns a copy of one image's bytes, {@code (H, W, C)} row-major.
     *
     * @param item the image
     * @return the bytes
     */
    public byte[] pixels(int item) {
        int size = height * width * channels;
        return Arrays.copyOfRange(pixels, item * size, (item + 1) * size);
    }

    /**
     * Returns one image as a {@link BufferedImage} (RGB or gray), for PNG output or display.
     *
     * @param item the image
     * @return a new image
     */
    public BufferedImage toBufferedImage(int item) {
        Objects.checkIndex(item, batch);
        BufferedImage image = new BufferedImage(width, height,
                channels == 3 ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (channels == 3) {
                    int rgb = get(item, y, x, 0) << 16 | get(item, y, x, 1) << 8
                            | get(item, y, x, 2);
                    image.setRGB(x, y, rgb);
                } else {
                    image.getRaster().setSample(x, y, 0, get(item, y, x, 0));
                }
            }
        }
        return image;
    }

    /**
     * Makes the Python tool's composite frame: the prediction as the main image with the noised
     * input, resized to a quarter of its size (bicubic), pasted in the upper-left corner at
     * (2, 2).
     *
     * @param prediction the predicted clean image
     * @param noisedInput the network's input at that step
     * @return a new RGB image the size of the prediction
     */
    public static BufferedImage composite(BufferedImage prediction, BufferedImage noisedInput) {
        int width = prediction.getWidth();
        int height = prediction.getHeight();
        BufferedImage frame = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = frame.createGraphics();
        try {
            graphics.drawImage(prediction, 0, 0, null);
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION,
                    RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            int insetWidth = Math.max(1, width / 4);
            int insetHeight = Math.max(1, height / 4);
            graphics.drawImage(noisedInput, 2, 2, insetWidth, insetHeight, null);
        } finally {
            graphics.dispose();
        }
        return frame;
    }
}
