package io.github.diffviews.figure;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Class colours as the Python tool drew them: the sorted distinct classes get matplotlib's
 * {@code plasma} colour map at {@code i / max(n − 1, 1)}, written as hex by truncating
 * {@code 255 · channel}.
 *
 * <p>The colour map is the 256-entry table matplotlib ships, read from a resource; a value
 * {@code x} in [0, 1] picks entry {@code min(⌊256 · x⌋, 255)}, as matplotlib does for floats.
 */
public final class ClassColors {

    /** The colour of a sample whose class is missing. */
    public static final String MISSING = "#888888";

    /** The colour of every sample when the samples carry no classes. */
    public static final String UNCLASSED = "#1f77b4";

    private static final int ENTRIES = 256;

    private static final double[][] PLASMA = readPlasma();

    private final Map<Integer, String> colors;

    private ClassColors(Map<Integer, String> colors) {
        this.colors = Collections.unmodifiableMap(colors);
    }

    /**
     * Assigns colours to classes.
     *
     * @param classIds the class ids present, in any order and with repeats; negative ids (a
     *     missing class) get no plasma colour
     * @return the colours
     */
    public static ClassColors of(Collection<Integer> classIds) {
        Objects.requireNonNull(classIds, "classIds");
        TreeSet<Integer> sorted = new TreeSet<>();
        for (Integer id : classIds) {
            if (id != null && id >= 0) {
                sorted.add(id);
            }
        }
        Map<Integer, String> colors = new LinkedHashMap<>();
        int n = sorted.size();
        int i = 0;
        for (int id : sorted) {
            colors.put(id, plasma(i / (double) Math.max(n - 1, 1)));
            i++;
        }
        return new ClassColors(colors);
    }

    /**
     * Returns the plasma colour at a position.
     *
     * @param x the position, clamped to [0, 1]; NaN gives the first colour
     * @return {@code #rrggbb}
     */
    public static String plasma(double x) {
        double position = Double.isNaN(x) ? 0 : Math.min(1, Math.max(0, x));
        int entry = Math.min((int) (position * ENTRIES), ENTRIES - 1);
        double[] rgb = PLASMA[entry];
        return String.format(Locale.ROOT, "#%02x%02x%02x", (int) (rgb[0] * 255),
                (int) (rgb[1] * 255), (int) (rgb[2] * 255));
    }

    /**
     * Returns a class's colour.
     *
     * @param classId the class id
     * @return its colour, {@link #MISSING} for a negative or unknown id
     */
    public String color(int classId) {
        return colors.getOrDefault(classId, MISSING);
    }

    /**
     * Returns every class's colour.
     *
     * @return class id to {@code #rrggbb}, in ascending id order
     */
    public Map<Integer, String> colors() {
        return colors;
    }

    @Override
    public String toString() {
        return "ClassColors" + colors;
    }

    private static double[][] readPlasma() {
        String resource = "plasma.txt";
        double[][] table = new double[ENTRIES][];
        try (InputStream in = ClassColors.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Resource " + resource + " is missing from "
                        + ClassColors.class.getPackageName());
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in,
                    StandardCharsets.US_ASCII));
            for (int i = 0; i < ENTRIES; i++) {
                String line = reader.readLine();
                String[] parts = line == null ? new String[0] : line.trim().split(" ");
                if (parts.length != 3) {
                    throw new IllegalStateException(resource + " line " + (i + 1)
                            + ": expected three numbers, found '" + line + "'");
                }
                table[i] = new double[] {Double.parseDouble(parts[0]),
                    Double.parseDouble(parts[1]), Double.parseDouble(parts[2])};
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
        return table;
    }
}
