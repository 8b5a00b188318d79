package io.github.diffviews.viz.cli;

import io.github.diffviews.engine.EngineProvider;
import io.github.diffviews.network.NetworkConfig;
import io.github.diffviews.task.CancellationToken;
import io.github.diffviews.training.FashionMnist;
import io.github.diffviews.training.Trainer;
import io.github.diffviews.training.TrainingData;
import io.github.diffviews.training.TrainingListener;
import io.github.diffviews.training.TrainingOptions;
import io.github.diffviews.training.TrainingProgress;
import io.github.diffviews.training.TrainingResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code diffviews train-demo}: trains the Fashion-MNIST demo model (the network of
 * {@link FashionMnist#network()}) through the default engine's trainer, then makes the output
 * directory a model directory ({@code model.safetensors}, {@code config.json},
 * {@code class_labels.json}) beside the checkpoint and the training log.
 */
@Command(name = "train-demo",
        mixinStandardHelpOptions = true,
        description = {
            "Trains the Fashion-MNIST demo model (class-conditional EDM, 16x16) and writes a "
                    + "model directory.",
            "Progress (loss, speed) goes to standard error. Stop it any time: --resume "
                    + "continues from the last checkpoint exactly."
        })
public final class TrainDemoCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--steps", defaultValue = "8000", paramLabel = "N",
            description = "Optimizer steps in all, counting those before a resume "
                    + "(default: ${DEFAULT-VALUE}, as the shipped model).")
    private int steps;

    @Option(names = "--out", defaultValue = "fashion-mnist-model", paramLabel = "DIR",
            description = "Output directory: checkpoint, EMA weights, log, model files "
                    + "(default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Directory of the Fashion-MNIST IDX files (default: "
                    + "/usr/share/datasets/fashion-mnist, Debian's dataset-fashion-mnist).")
    private Path data = FashionMnist.DEFAULT_DIRECTORY;

    @Option(names = "--resume",
            description = "Continue from the checkpoint in --out.")
    private boolean resume;

    @Option(names = "--batch", defaultValue = "64", paramLabel = "B",
            description = "Images per step (default: ${DEFAULT-VALUE}).")
    private int batch;

    @Option(names = "--lr", defaultValue = "1e-3", paramLabel = "LR",
            description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    private double learningRate;

    @Option(names = "--warmup", defaultValue = "200", paramLabel = "N",
            description = "Steps of linear learning-rate warm-up (default: ${DEFAULT-VALUE}).")
    private int warmup;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
            description = "Seed of the initial weights, the image order and the noise "
                    + "(default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--checkpoint-every", defaultValue = "200", paramLabel = "N",
            description = "Steps between checkpoints (default: ${DEFAULT-VALUE}).")
    private int checkpointEvery;

    @Option(names = "--report-every", defaultValue = "10", paramLabel = "N",
            description = "Steps between progress lines (default: ${DEFAULT-VALUE}).")
    private int reportEvery;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
            description = "Intra-op threads, 0 for the engine's default; 1 is faster on a "
                    + "busy machine.")
    private int threads;

    @Override
    public Integer call() throws IOException {
        if (reportEvery < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--report-every must be at least 1, found " + reportEvery);
        }
        TrainingOptions options;
        try {
            options = TrainingOptions.builder(out).steps(steps).batchSize(batch)
                    .learningRate(learningRate).warmupSteps(warmup).seed(seed)
                    .checkpointInterval(checkpointEvery).threads(threads).resume(resume)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        NetworkConfig network = FashionMnist.network();
        TrainingData images = FashionMnist.trainingData(data, FashionMnist.TRAIN,
                network.imgResolution());
        Trainer trainer = EngineProvider.defaultEngine().trainer(network);

        PrintWriter err = spec.commandLine().getErr();
        err.printf(Locale.ROOT, "Training %s on %d images of %s for %d steps into %s%n",
                network.toString(), images.size(), data, steps, out);
        err.flush();
        TrainingResult result = trainer.train(images, options, reporter(err),
                CancellationToken.NONE);
        FashionMnist.writeModelDirectory(out, network, result.emaWeights());

        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "Trained %d steps (resumed from %d) in %d s, smoothed loss "
                + "%.4f%n", result.steps(), result.resumedFrom(), result.wallTime().toSeconds(),
                result.finalLoss());
        stdout.println("Model directory: " + out + " (model.safetensors, config.json, "
                + "class_labels.json)");
        stdout.flush();
        return 0;
    }

    private TrainingListener reporter(PrintWriter err) {
        return new TrainingListener() {
            @Override
            public void stepFinished(TrainingProgress p) {
                if (p.step() % reportEvery == 0 || p.step() == p.totalSteps()) {
                    err.printf(Locale.ROOT, "step %d/%d  loss %.4f  smoothed %.4f  lr %.2e  "
                            + "%.1f images/s  %d s%n", p.step(), p.totalSteps(), p.loss(),
                            p.smoothedLoss(), p.learningRate(), p.imagesPerSecond(),
                            p.elapsed().toSeconds());
                    err.flush();
                }
            }

            @Override
            public void checkpointWritten(long step, Path file) {
                err.printf(Locale.ROOT, "checkpoint of step %d: %s%n", step, file);
                err.flush();
            }
        };
    }
}
