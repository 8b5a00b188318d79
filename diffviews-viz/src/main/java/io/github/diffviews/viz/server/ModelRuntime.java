package io.github.diffviews.viz.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.diffviews.ModelData;
import io.github.diffviews.data.ActivationLayout;
import io.github.diffviews.data.Activations;
import io.github.diffviews.engine.Denoiser;
import io.github.diffviews.engine.DiffusionEngine;
import io.github.diffviews.engine.EngineOptions;
import io.github.diffviews.figure.MapFigure;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the server derives from one model and shares between sessions: the map figure as
 * response bytes (plain and gzip, built once), and the denoiser, opened on the first generation
 * and closed with the server. Thread-safe.
 */
final class ModelRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelRuntime.class);

    private final ModelData model;
    private final Supplier<DiffusionEngine> engine;
    private final EngineOptions options;
    private final String unavailable;
    private final GenerationSettings defaults;
    private byte[] mapJson;
    private byte[] mapGzip;
    private Denoiser denoiser;
    private RuntimeException openFailure;

    ModelRuntime(ModelData model, Supplier<DiffusionEngine> engine, EngineOptions options) {
        this.model = model;
        this.engine = engine;
        this.options = options;
        this.unavailable = checkGeneration(model).orElse(null);
        this.defaults = GenerationSettings.defaults(model.config());
        if (unavailable != null) {
            LOG.debug("Generation is unavailable for model '{}': {}", model.name(), unavailable);
        }
    }

    ModelData model() {
        return model;
    }

    GenerationSettings defaults() {
        return defaults;
    }

    /** Returns why the model cannot generate, if it cannot. */
    Optional<String> generationUnavailable() {
        if (unavailable != null) {
            return Optional.of(unavailable);
        }
        synchronized (this) {
            return openFailure == null ? Optional.empty()
                    : Optional.of(openFailure.getMessage());
        }
    }

    /** The sorted layers the map was made from: the masked and captured layers. */
    List<String> mapLayers() {
        return List.copyOf(new TreeSet<>(model.embeddingParameters().layers()));
    }

    synchronized byte[] mapJson(boolean gzip) {
        if (mapJson == null) {
            ObjectNode figure = Jsons.MAPPER.createObjectNode();
            figure.putArray("data").add(MapFigure.samplesTrace(model));
            figure.set("layout", MapFigure.layout(model));
            mapJson = Jsons.bytes(figure);
            mapGzip = Call.gzip(mapJson);
        }
        return gzip ? mapGzip : mapJson;
    }

    /**
     * Returns the model's denoiser, opening it on first use.
     *
     * @throws IllegalStateException if the model cannot generate or the network fails to open
     */
    synchronized Denoiser denoiser() {
        if (unavailable != null) {
            throw new IllegalStateException(unavailable);
        }
        if (openFailure != null) {
            throw openFailure;
        }
        if (denoiser == null) {
            long started = System.nanoTime();
            try {
                denoiser = engine.get().open(model.network(), model.weightsFile(), options);
            } catch (IOException | RuntimeException e) {
                openFailure = new IllegalStateException("The network of model '" + model.name()
                        + "' cannot be opened: " + e.getMessage(), e);
                LOG.warn("{}", openFailure.getMessage());
                throw openFailure;
            }
            LOG.info("Opened the network of model '{}' on {} in {} ms", model.name(),
                    options.device(), (System.nanoTime() - started) / 1_000_000);
        }
        return denoiser;
    }

    @Override
    public synchronized void close() {
        if (denoiser != null) {
            denoiser.close();
            denoiser = null;
        }
    }

    /** Checks, without opening anything, that a model has what generation needs. */
    private static Optional<String> checkGeneration(ModelData model) {
        if (model.coordinates().isEmpty()) {
            return Optional.of("model '" + model.name() + "' has no map coordinates");
        }
        Optional<Activations> activations = model.activations();
        if (activations.isEmpty()) {
            return Optional.of("model '" + model.name() + "' has no activations to average "
                    + "into masks");
        }
        Optional<ActivationLayout> layout = activations.get().layout();
        if (layout.isEmpty()) {
            return Optional.of("the activations of model '" + model.name() + "' do not record "
                    + "their layers (no .npy.json sidecar)");
        }
        for (String layer : model.embeddingParameters().layers()) {
            if (!layout.get().contains(layer)) {
                return Optional.of("the activations of model '" + model.name()
                        + "' do not hold the map's layer '" + layer + "'");
            }
        }
        try {
            model.network();
            model.weightsFile();
        } catch (IllegalStateException e) {
            return Optional.of(e.getMessage());
        }
        return Optional.empty();
    }
}
