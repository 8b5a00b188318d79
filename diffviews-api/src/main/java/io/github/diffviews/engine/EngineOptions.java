package io.github.diffviews.engine;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where and how an engine runs a network: the device ({@code cpu}, {@code gpu} for the first GPU,
 * or {@code gpu:N}) and the number of intra-op threads (0 leaves the engine's default). Immutable.
 *
 * <p>The thread count is a process-wide setting of most native engines: the last denoiser opened
 * with a non-zero count sets it for every network of the process.
 */
public final class EngineOptions {

    private static final Pattern DEVICE = Pattern.compile("cpu|gpu(?::(\\d+))?");

    private static final EngineOptions DEFAULTS = new EngineOptions("cpu", 0);

    private final String device;
    private final int threads;

    private EngineOptions(String device, int threads) {
        this.device = device;
        this.threads = threads;
    }

    /**
     * Returns the defaults: CPU, engine's default thread count.
     *
     * @return the default options
     */
    public static EngineOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Returns options for a device and thread count.
     *
     * @param device {@code cpu}, {@code gpu} or {@code gpu:N} (case-insensitive)
     * @param threads intra-op threads, 0 for the engine's default
     * @return the options
     * @throws IllegalArgumentException if the device is not one of those forms or the thread
     *     count is negative
     */
    public static EngineOptions of(String device, int threads) {
        Objects.requireNonNull(device, "device");
        String normalized = device.trim().toLowerCase(Locale.ROOT);
        if (!DEVICE.matcher(normalized).matches()) {
            throw new IllegalArgumentException("Device '" + device
                    + "' is not valid; expected cpu, gpu or gpu:N");
        }
        if (threads < 0) {
            throw new IllegalArgumentException("Thread count " + threads
                    + " is negative; expected 0 (engine default) or more");
        }
        return new EngineOptions(normalized, threads);
    }

    /**
     * Returns a copy with another device.
     *
     * @param newDevice {@code cpu}, {@code gpu} or {@code gpu:N}
     * @return the new options
     */
    public EngineOptions withDevice(String newDevice) {
        return of(newDevice, threads);
    }

    /**
     * Returns a copy with another thread count.
     *
     * @param newThreads intra-op threads, 0 for the engine's default
     * @return the new options
     */
    public EngineOptions withThreads(int newThreads) {
        return of(device, newThreads);
    }

    /**
     * Returns the device as given, normalized to lower case.
     *
     * @return {@code cpu}, {@code gpu} or {@code gpu:N}
     */
    public String device() {
        return device;
    }

    /**
     * Tells whether the device is a GPU.
     *
     * @return true for {@code gpu} and {@code gpu:N}
     */
    public boolean isGpu() {
        return device.startsWith("gpu");
    }

    /**
     * Returns the GPU index: N for {@code gpu:N}, 0 for {@code gpu}, -1 for the CPU.
     *
     * @return the index
     */
    public int gpuIndex() {
        Matcher matcher = DEVICE.matcher(device);
        if (!matcher.matches() || !isGpu()) {
            return -1;
        }
        return matcher.group(1) == null ? 0 : Integer.parseInt(matcher.group(1));
    }

    /**
     * Returns the number of intra-op threads.
     *
     * @return the count, 0 for the engine's default
     */
    public int threads() {
        return threads;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EngineOptions that && device.equals(that.device)
                && threads == that.threads;
    }

    @Override
    public int hashCode() {
        return device.hashCode() * 31 + threads;
    }

    @Override
    public String toString() {
        return "EngineOptions[device=" + device + ", threads=" + threads + "]";
    }
}
