package io.github.diffviews.umap.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs loops over index ranges on a fixed number of threads, in chunks whose boundaries depend
 * only on the range and the chunk size, never on the thread count or on scheduling.
 *
 * <p>Every parallel stage of UMAP is written so that a chunk writes only its own outputs, and any
 * combination of chunk results happens afterwards in chunk order. Which thread runs a chunk, and
 * when, therefore cannot change a result: one thread and sixteen give the same bits.
 */
public final class WorkPool implements AutoCloseable {

    private final int threads;
    private final ForkJoinPool pool;

    /**
     * Creates a pool.
     *
     * @param threads the number of worker threads, at least 1; 1 runs everything on the caller
     */
    public WorkPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : new ForkJoinPool(threads);
    }

    /**
     * Returns the number of worker threads.
     *
     * @return the thread count
     */
    public int threads() {
        return threads;
    }

    /**
     * Returns the number of chunks a range splits into.
     *
     * @param size the range size
     * @param chunkSize the chunk size
     * @return the chunk count
     */
    public static int chunkCount(int size, int chunkSize) {
        return (size + chunkSize - 1) / chunkSize;
    }

    /**
     * Runs the body once per chunk of {@code [0, size)}, chunks of {@code chunkSize} indices (the
     * last may be shorter), in parallel. Returns when every chunk has run.
     *
     * @param size the range size
     * @param chunkSize the chunk size, positive
     * @param body the work of one chunk
     * @throws CancellationException if a chunk threw it
     * @throws RuntimeException whatever a chunk threw
     */
    public void forEachChunk(int size, int chunkSize, ChunkBody body) {
        int chunks = chunkCount(size, chunkSize);
        if (pool == null || chunks <= 1) {
            for (int chunk = 0; chunk < chunks; chunk++) {
                body.run(chunk, chunk * chunkSize, Math.min(size, (chunk + 1) * chunkSize));
            }
            return;
        }

        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int chunk = next.getAndIncrement(); chunk < chunks;
                    chunk = next.getAndIncrement()) {
                body.run(chunk, chunk * chunkSize, Math.min(size, (chunk + 1) * chunkSize));
            }
        };
        int workers = Math.min(threads, chunks);
        List<Future<?>> futures = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++) {
            futures.add(pool.submit(worker));
        }
        awaitAll(futures, next, chunks);
    }

    /**
     * Runs the body once per worker with the worker's share of {@code [0, size)}: the range split
     * into {@code parts} contiguous pieces. Use it where each piece must scan shared input and
     * write only its own outputs; the pieces, not the threads, fix the result.
     *
     * @param size the range size
     * @param parts the number of pieces, positive
     * @param body the work of one piece
     */
    public void forEachPart(int size, int parts, ChunkBody body) {
        int chunkSize = Math.max(1, (size + parts - 1) / parts);
        forEachChunk(size, chunkSize, body);
    }

    private static void awaitAll(List<Future<?>> futures, AtomicInteger next, int chunks) {
        Throwable failure = null;
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause();
                    next.set(chunks);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                next.set(chunks);
                failure = new CancellationException("interrupted");
            }
        }
        if (failure instanceof RuntimeException) {
            throw (RuntimeException) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** The work of one chunk. */
    @FunctionalInterface
    public interface ChunkBody {

        /**
         * Processes indices {@code [from, to)}.
         *
         * @param chunk the chunk's number, from 0
         * @param from the first index
         * @param to one past the last index
         */
        void run(int chunk, int from, int to);
    }
}
