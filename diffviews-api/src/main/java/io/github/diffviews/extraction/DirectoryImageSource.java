package io.github.diffviews.extraction;

import io.github.diffviews.io.DataFormatException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Images from a directory: one sub-directory per class (sorted by name, class ids from 0), each
 * holding PNG or JPEG files; or image files directly in the directory, without classes.
 */
public final class DirectoryImageSource implements ImageSource {

    private final Path directory;
    private final List<Path> files;
    private final List<Integer> classes;
    private final Map<Integer, String> classNames;
    private final int resolution;
    private final int channels;

    private DirectoryImageSource(Path directory, List<Path> files, List<Integer> classes,
            Map<Integer, String> classNames, int resolution, int channels) {
        this.directory = directory;
        this.files = files;
        this.classes = classes;
        this.classNames = classNames;
        this.resolution = resolution;
        this.channels = channels;
    }

    /**
     * Lists the images of a directory.
     *
     * @param directory the directory
     * @param resolution the side length the images are padded or resized to
     * @param channels 1 or 3
     * @return the source
     * @throws DataFormatException if the directory holds no images
     * @throws IOException if it cannot be listed
     */
    public static DirectoryImageSource open(Path directory, int resolution, int channels)
            throws IOException {
        List<Path> files = new ArrayList<>();
        List<Integer> classes = new ArrayList<>();
        Map<Integer, String> names = new LinkedHashMap<>();
        List<Path> subdirectories;
        try (Stream<Path> children = Files.list(directory)) {
            subdirectories = children.filter(Files::isDirectory).sorted().toList();
        }
        if (subdirectories.isEmpty()) {
            for (Path file : images(directory)) {
                files.add(file);
                classes.add(-1);
            }
        } else {
            for (int classId = 0; classId < subdirectories.size(); classId++) {
                Path subdirectory = subdirectories.get(classId);
                names.put(classId, subdirectory.getFileName().toString());
                for (Path file : images(subdirectory)) {
                    files.add(file);
                    classes.add(classId);
                }
            }
        }
        if (files.isEmpty()) {
            throw new DataFormatException(directory, "no .png or .jpg images found");
        }
        return new DirectoryImageSource(directory, files, classes, names, resolution, channels);
    }

    private static List<Path> images(Path directory) throws IOException {
        try (Stream<Path> children = Files.list(directory)) {
            return children.filter(Files::isRegularFile).filter(file -> {
                String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
                return name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg");
            }).sorted().toList();
        }
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public LabeledImage get(int index) throws IOException {
        Path file = files.get(index);
        BufferedImage image;
        try (InputStream in = Files.newInputStream(file)) {
            image = ImageIO.read(in);
        }
        if (image == null) {
            throw new DataFormatException(file, "not a readable image");
        }
        return new LabeledImage(ImageTensors.fromImage(image, resolution, channels),
                classes.get(index), directory.relativize(file).toString());
    }

    @Override
    public Map<Integer, String> classNames() {
        return java.util.Collections.unmodifiableMap(classNames);
    }

    @Override
    public String description() {
        return directory.toString();
    }
}
