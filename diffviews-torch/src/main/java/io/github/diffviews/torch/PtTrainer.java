package io.github.diffviews.torch;

import ai.djl.Device;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import io.github.diffviews.io.AtomicFiles;
import io.github.diffviews.network.NetworkConfig;
import io.github.diffviews.task.CancellationToken;
import io.github.diffviews.torch.safetensors.SafetensorsWriter;
import io.github.diffviews.training.Trainer;
import io.github.diffviews.training.TrainingData;
import io.github.diffviews.training.TrainingListener;
import io.github.diffviews.training.TrainingOptions;
import io.github.diffviews.training.TrainingProgress;
import io.github.diffviews.training.TrainingResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains an {@link EdmPrecond} network on the CPU with EDM's loss, Adam and an EMA of the
 * weights.
 *
 * <p>One step: the batch of the step comes from {@link TrainingBatches}; with autograd on, the
 * network computes {@code D(y + σε; σ, labels)} in its training mode and the loss
 * {@code λ(σ)·(D − y)²}; the backward pass runs on {@code Σ loss / B} (per image a sum over
 * pixels, averaged over the batch, as EDM does) while the mean per pixel is what is reported.
 * Then, with autograd off, Adam updates each parameter in place, the EMA follows, and the
 * gradients are zeroed. Every native array a step creates is closed when the step ends; the
 * parameters, Adam's moments and the EMA live in one manager for the run.
 */
final class PtTrainer implements Trainer {

    private static final Logger LOG = LoggerFactory.getLogger(PtTrainer.class);

    private static final double SMOOTHING = 0.99;
    private static final int SPEED_WINDOW = 50;
    private static final String[] GROUPS = {"net", "ema", "adam_m", "adam_v"};

    private final NetworkConfig config;
    private volatile IntConsumer liveArrayProbe;

    PtTrainer(NetworkConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        if (config.dropout() > 0) {
            throw new UnsupportedOperationException("Training with dropout " + config.dropout()
                    + " is not supported by the '" + PtEngineProvider.NAME + "' engine; set "
                    + "the network's dropout to 0");
        }
    }

    /** Sets a probe told, after every step, how many native arrays the run holds (for tests). */
    void liveArrayProbe(IntConsumer probe) {
        this.liveArrayProbe = probe;
    }

    @Override
    public NetworkConfig config() {
        return config;
    }

    @Override
    public TrainingResult train(TrainingData data, TrainingOptions options,
            TrainingListener listener, CancellationToken cancellation) throws IOException {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(cancellation, "cancellation");
        checkFits(data, options);

        Path directory = options.directory();
        Files.createDirectories(directory);
        Path checkpoint = directory.resolve(CHECKPOINT_FILE);
        boolean resuming = Files.exists(checkpoint);
        if (resuming && !options.resume()) {
            throw new IllegalStateException(checkpoint + " exists; resume from it or choose "
                    + "another output directory");
        }
        if (options.threads() > 0) {
            JniUtils.setNumThreads(options.threads());
        }

        Map<String, EdmPrecond.Slot> slots = new LinkedHashMap<>();
        EdmPrecond network = new EdmPrecond(config);
        network.slots().forEach((name, slot) -> {
            if (!slot.isBuffer()) {
                slots.put(name, slot);
            }
        });
        Map<String, int[]> shapes = new LinkedHashMap<>();
        slots.forEach((name, slot) -> shapes.put(name, toInts(slot.shape().getShape())));

        TrainingCheckpoint.State start;
        if (resuming) {
            start = TrainingCheckpoint.read(checkpoint, config, options, data, shapes);
            LOG.info("Resuming training from step {} of {}", start.step(), checkpoint);
        } else {
            start = fresh(options.seed());
        }
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            Run run = new Run(manager, network, slots, shapes, start, data, options, listener);
            return run.loop(cancellation);
        }
    }

    private void checkFits(TrainingData data, TrainingOptions options) {
        List<String> problems = new ArrayList<>();
        if (data.size() < 1) {
            problems.add("it holds no images");
        }
        if (data.channels() != config.imgChannels()) {
            problems.add("its images have " + data.channels() + " channels, the network "
                    + config.imgChannels());
        }
        if (data.resolution() != config.imgResolution()) {
            problems.add("its images are " + data.resolution() + " pixels wide, the network's "
                    + config.imgResolution());
        }
        if (data.classCount() != config.labelDim()) {
            problems.add("it has " + data.classCount() + " classes, the network's label_dim is "
                    + config.labelDim());
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("The training data " + data.description()
                    + " does not fit the network: " + String.join("; ", problems));
        }
        if (options.sigmaData() != config.sigmaData()) {
            throw new IllegalArgumentException("The loss's sigma_data " + options.sigmaData()
                    + " differs from the network's " + config.sigmaData());
        }
    }

    private TrainingCheckpoint.State fresh(long seed) {
        Map<String, float[]> initial = WeightInit.values(config,
                TrainingBatches.streamSeed(seed, TrainingBatches.STREAM_INIT, 0));
        Map<String, Map<String, float[]>> tensors = new LinkedHashMap<>();
        tensors.put("net", initial);
        Map<String, float[]> ema = new LinkedHashMap<>();
        Map<String, float[]> zerosM = new LinkedHashMap<>();
        Map<String, float[]> zerosV = new LinkedHashMap<>();
        initial.forEach((name, values) -> {
            ema.put(name, values.clone());
            zerosM.put(name, new float[values.length]);
            zerosV.put(name, new float[values.length]);
        });
        tensors.put("ema", ema);
        tensors.put("adam_m", zerosM);
        tensors.put("adam_v", zerosV);
        return new TrainingCheckpoint.State(0, 0, 0, tensors);
    }

    private static int[] toInts(long[] dims) {
        int[] ints = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            ints[i] = Math.toIntExact(dims[i]);
        }
        return ints;
    }

    /** One parameter with its optimizer state, all on the run's manager. */
    private record Tracked(String name, NDArray weights, NDArray ema, NDArray m, NDArray v) {
    }

    /** The state of one call to {@link #train}. */
    private final class Run {

        private final NDManager manager;
        private final EdmPrecond network;
        private final ParameterStore store;
        private final List<Tracked> tracked = new ArrayList<>();
        private final Map<String, int[]> shapes;
        private final TrainingData data;
        private final TrainingOptions options;
        private final TrainingListener listener;
        private final TrainingBatches batches;
        private final long startStep;
        private final long startMillis;
        private final Deque<long[]> speed = new ArrayDeque<>();
        private final StringBuilder pendingLog = new StringBuilder();
        private long step;
        private double smoothedRaw;
        private double lastSmoothed = Double.NaN;

        Run(NDManager manager, EdmPrecond network, Map<String, EdmPrecond.Slot> slots,
                Map<String, int[]> shapes, TrainingCheckpoint.State start, TrainingData data,
                TrainingOptions options, TrainingListener listener) throws IOException {
            this.manager = manager;
            this.network = network;
            this.shapes = shapes;
            this.data = data;
            this.options = options;
            this.listener = listener;
            this.batches = new TrainingBatches(data, options, config.labelDim(),
                    config.labelDropout());
            this.step = start.step();
            this.startStep = start.step();
            this.smoothedRaw = start.smoothedRaw();
            this.startMillis = start.elapsedMillis();

            for (Map.Entry<String, EdmPrecond.Slot> entry : slots.entrySet()) {
                String name = entry.getKey();
                Shape shape = entry.getValue().shape();
                NDArray weights = array(start, "net", name, shape);
                weights.setRequiresGradient(true);
                entry.getValue().parameter().setArray(weights);
                tracked.add(new Tracked(name, weights, array(start, "ema", name, shape),
                        array(start, "adam_m", name, shape), array(start, "adam_v", name,
                                shape)));
            }
            this.store = new ParameterStore(manager, false);
            if (step > 0) {
                lastSmoothed = smoothedRaw / (1 - Math.pow(SMOOTHING, step));
            }
            trimLog(start.step());
        }

        private NDArray array(TrainingCheckpoint.State state, String group, String name,
                Shape shape) {
            NDArray array = manager.create(state.tensors().get(group).get(name), shape);
            NDScope.unregister(array);
            return array;
        }

        TrainingResult loop(CancellationToken cancellation) throws IOException {
            long runStart = System.nanoTime();
            long total = options.steps();
            LOG.debug("Training {} from step {} to {} with {}", config, step, total, options);
            while (step < total) {
                cancellation.throwIfCancelled("Training");
                double learningRate = options.learningRateAt(step);
                double loss = step(learningRate);
                step++;

                smoothedRaw = SMOOTHING * smoothedRaw + (1 - SMOOTHING) * loss;
                lastSmoothed = smoothedRaw / (1 - Math.pow(SMOOTHING, step));
                long now = System.nanoTime();
                long elapsed = startMillis + (now - runStart) / 1_000_000;
                TrainingProgress progress = new TrainingProgress(step, total, loss,
                        lastSmoothed, learningRate, imagesPerSecond(now),
                        Duration.ofMillis(elapsed));
                pendingLog.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.3g,%.1f,%.3f%n",
                        step, loss, lastSmoothed, learningRate, progress.imagesPerSecond(),
                        elapsed / 1000.0));
                IntConsumer probe = liveArrayProbe;
                if (probe != null) {
                    probe.accept(((BaseNDManager) manager).getManagedArrays().size());
                }
                report(progress);
                if (step % options.checkpointInterval() == 0 || step == total) {
                    save(elapsed);
                }
            }
            long elapsed = startMillis + (System.nanoTime() - runStart) / 1_000_000;
            if (startStep == total && !Files.exists(options.directory().resolve(EMA_FILE))) {
                save(elapsed);
            }
            return new TrainingResult(options.directory().resolve(EMA_FILE),
                    options.directory().resolve(CHECKPOINT_FILE), step, startStep,
                    lastSmoothed, Duration.ofMillis(elapsed));
        }

        private double imagesPerSecond(long now) {
            speed.addLast(new long[] {step, now});
            if (speed.size() > SPEED_WINDOW + 1) {
                speed.removeFirst();
            }
            long[] first = speed.peekFirst();
            if (speed.size() < 2) {
                return Double.NaN;
            }
            return (step - first[0]) * options.batchSize() / ((now - first[1]) / 1e9);
        }

        /** Takes one optimizer step; returns the batch's mean loss per pixel. */
        private double step(double learningRate) throws IOException {
            TrainingBatches.Batch batch = batches.batch(step);
            int size = options.batchSize();
            Shape images = new Shape(size, config.imgChannels(), config.imgResolution(),
                    config.imgResolution());
            try (NDManager call = manager.newSubManager(); NDScope scope = new NDScope()) {
                NDArray objective;
                NDArray meanLoss;
                JniUtils.setGradMode(true);
                try {
                    NDArray clean = call.create(batch.images(), images);
                    NDArray noisy = call.create(batch.noisy(), images);
                    NDArray labels = config.labelDim() > 0
                            ? call.create(batch.labels(), new Shape(size, config.labelDim()))
                            : null;
                    NDArray weights = call.create(batch.weights(), new Shape(size, 1, 1, 1));
                    NDArray denoised = network.denoise(store, noisy, batch.sigma(), labels,
                            ForwardContext.training());
                    NDArray loss = denoised.sub(clean).square().mul(weights);
                    meanLoss = loss.mean();
                    objective = Ops.scale(loss.sum(), 1f / size, true);
                    JniUtils.backward((PtNDArray) objective, (PtNDArray) objective.onesLike(),
                            false, false);
                } finally {
                    JniUtils.setGradMode(false);
                }
                double value = meanLoss.getFloat();
                if (!Double.isFinite(value)) {
                    throw new IllegalStateException("The loss of step " + (step + 1) + " is "
                            + value + "; training stopped (the last checkpoint is intact)");
                }
                update(learningRate);
                scope.suppressNotUsedWarning();
                return value;
            }
        }

        /** Adam (PyTorch's formulation), the EMA, and zeroing the gradients. */
        private void update(double learningRate) {
            long t = step + 1;
            double correction1 = 1 - Math.pow(TrainingOptions.ADAM_BETA1, t);
            double correction2 = 1 - Math.pow(TrainingOptions.ADAM_BETA2, t);
            float stepSize = (float) (learningRate / correction1);
            float rootCorrection2 = (float) Math.sqrt(correction2);
            float beta1 = (float) TrainingOptions.ADAM_BETA1;
            float beta2 = (float) TrainingOptions.ADAM_BETA2;
            float epsilon = (float) TrainingOptions.ADAM_EPSILON;
            float decay = (float) options.emaDecayAt(step * options.batchSize());
            for (Tracked parameter : tracked) {
                NDArray gradient = parameter.weights().getGradient();
                parameter.m().muli(beta1).addi(gradient.mul(1 - beta1));
                parameter.v().muli(beta2).addi(gradient.square().muli(1 - beta2));
                NDArray denominator = parameter.v().sqrt().divi(rootCorrection2).addi(epsilon);
                parameter.weights().subi(parameter.m().div(denominator).muli(stepSize));
                parameter.ema().muli(decay).addi(parameter.weights().mul(1 - decay));
                JniUtils.zeroGrad((PtNDArray) parameter.weights());
            }
        }

        private void report(TrainingProgress progress) {
            try {
                listener.stepFinished(progress);
            } catch (RuntimeException e) {
                LOG.warn("A training listener failed at step {}", progress.step(), e);
            }
        }

        private void save(long elapsedMillis) throws IOException {
            Map<String, Map<String, float[]>> tensors = new LinkedHashMap<>();
            for (String group : GROUPS) {
                tensors.put(group, new LinkedHashMap<>());
            }
            for (Tracked parameter : tracked) {
                tensors.get("net").put(parameter.name(), parameter.weights().toFloatArray());
                tensors.get("ema").put(parameter.name(), parameter.ema().toFloatArray());
                tensors.get("adam_m").put(parameter.name(), parameter.m().toFloatArray());
                tensors.get("adam_v").put(parameter.name(), parameter.v().toFloatArray());
            }
            Path directory = options.directory();
            Path checkpoint = directory.resolve(CHECKPOINT_FILE);
            TrainingCheckpoint.write(checkpoint, config, options, data,
                    new TrainingCheckpoint.State(step, smoothedRaw, elapsedMillis, tensors),
                    shapes);
            writeEma(directory.resolve(EMA_FILE), tensors.get("ema"));
            appendLog();
            LOG.debug("Wrote checkpoint of step {} to {}", step, checkpoint);
            try {
                listener.checkpointWritten(step, checkpoint);
            } catch (RuntimeException e) {
                LOG.warn("A training listener failed on the checkpoint of step {}", step, e);
            }
        }

        private void writeEma(Path file, Map<String, float[]> ema) throws IOException {
            Map<String, int[]> all = new LinkedHashMap<>();
            network.slots().forEach((name, slot) -> all.put(name,
                    toInts(slot.shape().getShape())));
            float[] filter = new float[4];
            Arrays.fill(filter, 0.25f);
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put("generator", "diffviews EDM trainer");
            metadata.put("step", Long.toString(step));
            metadata.put("network", config.toJson().toString());
            SafetensorsWriter.write(file, all, name -> name.endsWith(EdmPrecond.RESAMPLE_FILTER)
                    ? filter : ema.get(name), metadata);
        }

        private void appendLog() throws IOException {
            Path log = options.directory().resolve(LOG_FILE);
            String existing = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8)
                    : LOG_HEADER;
            AtomicFiles.writeString(log, existing + pendingLog);
            pendingLog.setLength(0);
        }

        /** Drops log rows after the checkpoint a run resumes from. */
        private void trimLog(long keepThrough) throws IOException {
            Path log = options.directory().resolve(LOG_FILE);
            if (!Files.exists(log)) {
                return;
            }
            StringBuilder kept = new StringBuilder(LOG_HEADER);
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                int comma = line.indexOf(',');
                if (comma > 0 && Character.isDigit(line.charAt(0))
                        && Long.parseLong(line.substring(0, comma)) <= keepThrough) {
                    kept.append(line).append('\n');
                }
            }
            AtomicFiles.writeString(log, kept.toString());
        }
    }

    private static final String LOG_HEADER =
            "step,loss,smoothed_loss,learning_rate,images_per_second,elapsed_s\n";
}
