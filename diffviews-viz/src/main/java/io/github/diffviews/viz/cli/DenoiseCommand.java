package io.github.diffviews.viz.cli;

import io.github.diffviews.engine.DenoiseRequest;
import io.github.diffviews.engine.DenoiseResult;
import io.github.diffviews.engine.Denoiser;
import io.github.diffviews.engine.EngineOptions;
import io.github.diffviews.engine.EngineProvider;
import io.github.diffviews.io.Npy;
import io.github.diffviews.network.NetworkConfig;
import io.github.diffviews.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code diffviews denoise}: one preconditioned forward of a network on a batch read from
 * {@code .npy} files, with optional masks and captures, through the default engine.
 */
@Command(name = "denoise",
        mixinStandardHelpOptions = true,
        description = {
            "Runs one preconditioned forward D(x; sigma, labels) and writes the result as .npy.",
            "Layers are upstream keys with their prefix (enc.8x8_block0, dec.8x8_in0) or the "
                    + "Python tool's names (encoder_bottleneck, midblock, decoder_block_3)."
        })
public final class DenoiseCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "CONFIG.json",
            description = "Network config: a golden config.json, or a model config.json with a "
                    + "'network' object (precond_kwargs and model_kwargs).")
    private Path config;

    @Option(names = "--weights", required = true, paramLabel = "W.safetensors",
            description = "Weights under their upstream names.")
    private Path weights;

    @Option(names = "--x", required = true, paramLabel = "X.npy",
            description = "Noisy batch (B, C, H, W).")
    private Path x;

    @Option(names = "--sigma", required = true, paramLabel = "S.npy",
            description = "Sigma, one per item (B) or a single value.")
    private Path sigma;

    @Option(names = "--labels", paramLabel = "L.npy",
            description = "Class labels (B, label_dim); all zeros when omitted.")
    private Path labels;

    @Option(names = "--out", required = true, paramLabel = "OUT.npy",
            description = "Where the denoised batch is written (float32).")
    private Path out;

    @Option(names = "--mask", paramLabel = "LAYER=FILE.npy",
            description = "Replace a layer's output by this tensor ((C,H,W), (1,C,H,W) or "
                    + "(B,C,H,W)); repeatable.")
    private List<String> masks = new ArrayList<>();

    @Option(names = "--capture", split = ",", paramLabel = "LAYER",
            description = "Layers whose output is written to --capture-dir as LAYER.npy.")
    private List<String> captures = new ArrayList<>();

    @Option(names = "--capture-dir", paramLabel = "DIR",
            description = "Directory for the captured outputs (created if missing).")
    private Path captureDir;

    @Option(names = "--guidance", defaultValue = "1.0", paramLabel = "G",
            description = "Classifier-free guidance scale (default: ${DEFAULT-VALUE}).")
    private double guidance;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "DEVICE",
            description = "cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
    private String device;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
            description = "Intra-op threads, 0 for the engine's default.")
    private int threads;

    @Override
    public Integer call() throws IOException {
        if (!captures.isEmpty() && captureDir == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--capture needs --capture-dir");
        }
        NetworkConfig network = NetworkConfig.read(config);
        DenoiseRequest request = request();
        EngineOptions options = EngineOptions.of(device, threads);

        DenoiseResult result;
        try (Denoiser denoiser = EngineProvider.defaultEngine().open(network, weights,
                options)) {
            result = denoiser.denoise(request);
        }

        PrintWriter stdout = spec.commandLine().getOut();
        Npy.write(out, result.denoised());
        stdout.println(out + " " + Arrays.toString(result.denoised().shape()));
        if (captureDir != null && !captures.isEmpty()) {
            Files.createDirectories(captureDir);
            for (Map.Entry<String, Tensor> capture : result.activations().entrySet()) {
                Path file = captureDir.resolve(capture.getKey() + ".npy");
                Npy.write(file, capture.getValue());
                stdout.println(file + " " + Arrays.toString(capture.getValue().shape()));
            }
        }
        stdout.flush();
        return 0;
    }

    private DenoiseRequest request() throws IOException {
        DenoiseRequest.Builder request = DenoiseRequest.builder(Npy.read(x).toTensor())
                .sigmas(Npy.read(sigma).toDoubleArray())
                .guidance(guidance)
                .captures(captures);
        if (labels != null) {
            request.labels(Npy.read(labels).toTensor());
        }
        for (Map.Entry<String, Path> mask : parseMasks().entrySet()) {
            request.mask(mask.getKey(), Npy.read(mask.getValue()).toTensor());
        }
        return request.build();
    }

    private Map<String, Path> parseMasks() {
        Map<String, Path> parsed = new LinkedHashMap<>();
        for (String mask : masks) {
            int split = mask.indexOf('=');
            if (split <= 0 || split == mask.length() - 1) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--mask '" + mask + "' is not LAYER=FILE.npy");
            }
            parsed.put(mask.substring(0, split), Path.of(mask.substring(split + 1)));
        }
        return parsed;
    }
}
