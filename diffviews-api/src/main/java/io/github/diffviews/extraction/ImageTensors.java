package io.github.diffviews.extraction;

import io.github.diffviews.generation.ImageBatch;
import io.github.diffviews.tensor.Tensor;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Converts between images and network tensors: pixels map to [-1, 1] by {@code p / 127.5 − 1};
 * images are padded (centred, with the value −1, black) or resized to the network's resolution,
 * and grey images are repeated over three channels for colour networks.
 */
public final class ImageTensors {

    private ImageTensors() {
    }

    /**
     * Converts grey pixels to a tensor at a resolution and channel count.
     *
     * @param pixels the pixels, row by row, 0-255
     * @param height the image height
     * @param width the image width
     * @param resolution the network's side length
     * @param channels 1 or 3
     * @return a {@code (channels, resolution, resolution)} tensor in [-1, 1]
     */
    public static Tensor fromGrey(int[] pixels, int height, int width, int resolution,
            int channels) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("Images have 1 or 3 channels, not " + channels);
        }
        float[] grey = new float[resolution * resolution];
        java.util.Arrays.fill(grey, -1f);
        if (height <= resolution && width <= resolution
                && (resolution - height) % 2 == 0 && (resolution - width) % 2 == 0) {
            int top = (resolution - height) / 2;
            int left = (resolution - width) / 2;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    grey[(top + y) * resolution + left + x] = pixels[y * width + x] / 127.5f - 1f;
                }
            }
        } else {
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int p = pixels[y * width + x];
                    image.setRGB(x, y, (p << 16) | (p << 8) | p);
                }
            }
            BufferedImage scaled = resize(image, resolution);
            for (int y = 0; y < resolution; y++) {
                for (int x = 0; x < resolution; x++) {
                    grey[y * resolution + x] = (scaled.getRGB(x, y) & 0xff) / 127.5f - 1f;
                }
            }
        }
        float[] values = new float[channels * grey.length];
        for (int c = 0; c < channels; c++) {
            System.arraycopy(grey, 0, values, c * grey.length, grey.length);
        }
        return Tensor.wrap(values, channels, resolution, resolution);
    }

    /**
     * Converts an image (grey or colour) to a tensor at a resolution and channel count.
     *
     * @param image the image
     * @param resolution the network's side length
     * @param channels 1 or 3
     * @return a {@code (channels, resolution, resolution)} tensor in [-1, 1]
     */
    public static Tensor fromImage(BufferedImage image, int resolution, int channels) {
        boolean grey = image.getColorModel().getNumColorComponents() == 1;
        if (grey || channels == 1) {
            int[] pixels = new int[image.getWidth() * image.getHeight()];
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    int rgb = image.getRGB(x, y);
                    int r = (rgb >> 16) & 0xff;
                    int g = (rgb >> 8) & 0xff;
                    int b = rgb & 0xff;
                    pixels[y * image.getWidth() + x] = grey ? b : Math.round(0.299f * r
                            + 0.587f * g + 0.114f * b);
                }
            }
            return fromGrey(pixels, image.getHeight(), image.getWidth(), resolution, channels);
        }
        BufferedImage sized = image.getWidth() == resolution && image.getHeight() == resolution
                ? image : resize(image, resolution);
        float[] values = new float[3 * resolution * resolution];
        int plane = resolution * resolution;
        for (int y = 0; y < resolution; y++) {
            for (int x = 0; x < resolution; x++) {
                int rgb = sized.getRGB(x, y);
                values[y * resolution + x] = ((rgb >> 16) & 0xff) / 127.5f - 1f;
                values[plane + y * resolution + x] = ((rgb >> 8) & 0xff) / 127.5f - 1f;
                values[2 * plane + y * resolution + x] = (rgb & 0xff) / 127.5f - 1f;
            }
        }
        return Tensor.wrap(values, 3, resolution, resolution);
    }

    /**
     * Converts a {@code (C, H, W)} tensor in [-1, 1] to an image, grey for one channel, RGB for
     * three, with the Python tool's 8-bit conversion ({@link ImageBatch#toUint8(float)}).
     *
     * @param tensor the pixels
     * @return the image
     */
    public static BufferedImage toImage(Tensor tensor) {
        return ImageBatch.fromTensor(tensor.reshape(1, tensor.dim(0), tensor.dim(1),
                tensor.dim(2))).toBufferedImage(0);
    }

    private static BufferedImage resize(BufferedImage image, int resolution) {
        BufferedImage scaled = new BufferedImage(resolution, resolution,
                image.getColorModel().getNumColorComponents() == 1
                        ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = scaled.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION,
                    RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            graphics.drawImage(image, 0, 0, resolution, resolution, null);
        } finally {
            graphics.dispose();
        }
        return scaled;
    }
}
