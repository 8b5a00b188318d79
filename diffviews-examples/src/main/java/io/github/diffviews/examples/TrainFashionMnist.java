package io.github.diffviews.examples;

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
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Trains the Fashion-MNIST model that ships in {@code models/fashion-mnist}: the network of
 * {@link FashionMnist#network()} on the 60,000 training images, with EDM's loss, Adam and an EMA
 * of the weights, through the default engine's {@link Trainer}. The command line's
 * {@code diffviews train-demo} runs the same library code.
 *
 * <pre>
 * java -cp ... io.github.diffviews.examples.TrainFashionMnist --out runs/fashion-mnist \
 *     [--data /usr/share/datasets/fashion-mnist] [--steps 5000] [--batch 64] [--lr 1e-3] \
 *     [--warmup 200] [--seed 1] [--checkpoint-every 100] [--threads 2] [--resume]
 * </pre>
 * Progress goes to standard error every {@code --report-every} steps (default 10). A run that
 * stops (killed, cancelled, out of time) continues with {@code --resume}, bit for bit.
 */
public final class TrainFashionMnist {

    private TrainFashionMnist() {
    }

    /**
     * Trains the model.
     *
     * @param args the options above
     * @throws IOException if the data cannot be read or the output cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path data = FashionMnist.DEFAULT_DIRECTORY;
        Path out = null;
        int reportEvery = 10;
        NetworkConfig network = FashionMnist.network();
        TrainingOptions.Builder options = null;
        int steps = 5000;
        int batch = 64;
        double learningRate = 1e-3;
        int warmup = 200;
        long seed = 1;
        int checkpointEvery = 100;
        int threads = 2;
        boolean resume = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--steps" -> steps = Integer.parseInt(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--lr" -> learningRate = Double.parseDouble(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--checkpoint-every" -> checkpointEvery = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--report-every" -> reportEvery = Integer.parseInt(args[++i]);
                case "--resume" -> resume = true;
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }
        if (out == null) {
            throw new IllegalArgumentException("--out DIR is required");
        }
        options = TrainingOptions.builder(out).steps(steps).batchSize(batch)
                .learningRate(learningRate).warmupSteps(warmup).seed(seed)
                .checkpointInterval(checkpointEvery).threads(threads).resume(resume);

        TrainingData images = FashionMnist.trainingData(data, FashionMnist.TRAIN,
                network.imgResolution());
        Trainer trainer = EngineProvider.defaultEngine().trainer(network);
        TrainingResult result = trainer.train(images, options.build(),
                reporter(System.err, reportEvery), CancellationToken.NONE);
        System.out.printf(Locale.ROOT, "Trained %d steps (from %d) in %s; smoothed loss %.4f; "
                + "EMA weights %s%n", result.steps(), result.resumedFrom(), result.wallTime(),
                result.finalLoss(), result.emaWeights());
    }

    private static TrainingListener reporter(PrintStream err, int every) {
        return new TrainingListener() {
            @Override
            public void stepFinished(TrainingProgress p) {
                if (p.step() % every == 0 || p.step() == p.totalSteps()) {
                    err.printf(Locale.ROOT, "step %d/%d  loss %.4f  smoothed %.4f  lr %.2e  "
                            + "%.1f images/s  %ds%n", p.step(), p.totalSteps(), p.loss(),
                            p.smoothedLoss(), p.learningRate(), p.imagesPerSecond(),
                            p.elapsed().toSeconds());
                }
            }

            @Override
            public void checkpointWritten(long step, Path file) {
                err.printf(Locale.ROOT, "checkpoint at step %d: %s%n", step, file);
            }
        };
    }
}
