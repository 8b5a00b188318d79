package io.github.diffviews.viz.server;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded pool generations run on: {@code workers} threads and room for {@code queue}
 * waiting generations. A place is reserved before a generation is accepted, so a full pool is
 * known before anything is sent to the client, who is then told the viewer is busy.
 */
final class GenerationPool implements AutoCloseable {

    private final Semaphore places;
    private final ThreadPoolExecutor executor;
    private final int capacity;

    GenerationPool(int workers, int queue) {
        this.capacity = workers + queue;
        this.places = new Semaphore(capacity);
        AtomicInteger count = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "diffviews-generation-"
                            + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Reserves a place; false when every worker is busy and the queue is full. */
    boolean reserve() {
        return places.tryAcquire();
    }

    /** Gives back a reserved place that was not used. */
    void release() {
        places.release();
    }

    /** Runs a job in a reserved place, which is given back when it ends. */
    void run(Runnable job) {
        executor.execute(() -> {
            try {
                job.run();
            } finally {
                places.release();
            }
        });
    }

    int capacity() {
        return capacity;
    }

    int inUse() {
        return capacity - places.availablePermits();
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
