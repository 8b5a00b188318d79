package io.github.diffviews.extraction;

import io.github.diffviews.engine.Denoiser;
import io.github.diffviews.generation.Generation;
import io.github.diffviews.generation.MultistepGenerator;
import io.github.diffviews.generation.NoiseMode;
import io.github.diffviews.generation.Sampler;
import io.github.diffviews.task.CancellationToken;
import io.github.diffviews.task.ProgressListener;
import io.github.diffviews.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The model's own samples as a dataset: a fixed number of images per class, generated once (with
 * a fixed seed, so the dataset is the same every time) and then read like any other source.
 */
public final class GeneratedImageSource implements ImageSource {

    private final List<LabeledImage> images;
    private final Map<Integer, String> classNames;
    private final String description;

    private GeneratedImageSource(List<LabeledImage> images, Map<Integer, String> classNames,
            String description) {
        this.images = List.copyOf(images);
        this.classNames = Map.copyOf(classNames);
        this.description = description;
    }

    /**
     * Generates the images: {@code perClass} samples of every class of the network, class by
     * class, with the x0 re-noise sampler, fixed noise and the given steps and seed.
     *
     * @param denoiser the model
     * @param perClass images per class, at least 1
     * @param steps sampling steps, at least 1
     * @param seed the seed of the first class; class c uses {@code seed + c}
     * @param classNames the class names, for the metadata
     * @param progress receives one report per class
     * @param cancellation stops between classes
     * @return the source
     */
    public static GeneratedImageSource generate(Denoiser denoiser, int perClass, int steps,
            long seed, Map<Integer, String> classNames, ProgressListener progress,
            CancellationToken cancellation) {
        if (perClass < 1) {
            throw new IllegalArgumentException("Generate at least one image per class, not "
                    + perClass);
        }
        int classes = denoiser.config().labelDim();
        List<LabeledImage> images = new ArrayList<>();
        for (int classId = 0; classId < classes; classId++) {
            cancellation.throwIfCancelled("Generating the model's samples");
            int[] labels = new int[perClass];
            java.util.Arrays.fill(labels, classId);
            Generation generation = MultistepGenerator.builder().steps(steps)
                    .sampler(Sampler.X0_RENOISE).noiseMode(NoiseMode.FIXED).seed(seed + classId)
                    .classLabels(labels).batchSize(perClass).cancellation(cancellation).build()
                    .generate(denoiser);
            Tensor result = generation.result();
            for (int item = 0; item < perClass; item++) {
                Tensor image = clamp(result.item(item));
                images.add(new LabeledImage(image, classId, String.format(java.util.Locale.ROOT,
                        "generated class %d #%d (seed %d)", classId, item, seed + classId)));
            }
            progress.progress("generate samples", classId + 1L, classes);
        }
        return new GeneratedImageSource(images, classNames, "the model's own samples ("
                + perClass + " per class, " + steps + " steps, seed " + seed + ")");
    }

    private static Tensor clamp(Tensor image) {
        float[] values = image.toFloatArray();
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.max(-1f, Math.min(1f, values[i]));
        }
        return Tensor.wrap(values, image.shape());
    }

    @Override
    public int size() {
        return images.size();
    }

    @Override
    public LabeledImage get(int index) {
        return images.get(index);
    }

    @Override
    public Map<Integer, String> classNames() {
        return classNames;
    }

    @Override
    public String description() {
        return description;
    }
}
