package io.ferstream.inference.batch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Triton-style dynamic batcher in front of one model session. Requests wait in a bounded queue;
 * one daemon worker thread takes them in order and runs a batch when it holds {@code maxBatch}
 * items or when its oldest item has waited {@code maxDelay}. Each request gets its own future.
 *
 * <p>Guarantees: memory is bounded by {@code queueCapacity} plus one batch; a full queue blocks
 * {@link #submit} for at most {@code submitTimeout} and then throws {@link BatcherFullException};
 * every accepted request's future completes or fails, including at shutdown. A failed batch fails
 * only its own requests.
 *
 * <p>Futures complete on the worker thread, so dependent stages registered with {@code thenApply}
 * run there and delay the next batch: chain heavy work with the {@code *Async} variants.
 *
 * @param <I> one item's input
 * @param <O> one item's output
 */
public final class DynamicBatcher<I, O> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DynamicBatcher.class);

    /** How often an idle worker looks at the state, so shutdown never waits long for it. */
    private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private enum State {
        RUNNING,
        DRAINING,
        STOPPED
    }

    private static final class Request<I, O> {
        final I input;
        final CompletableFuture<O> future = new CompletableFuture<>();
        final long enqueuedNanos = System.nanoTime();

        Request(I input) {
            this.input = input;
        }
    }

    private final BatcherConfig config;
    private final BatchRunner<I, O> runner;
    private final BatcherMetrics metrics;
    private final ArrayBlockingQueue<Request<I, O>> queue;
    private final Thread worker;
    private final long maxDelayNanos;
    private volatile State state = State.RUNNING;

    public DynamicBatcher(BatcherConfig config, BatchRunner<I, O> runner, BatcherMetrics metrics) {
        this.config = Objects.requireNonNull(config, "config");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.metrics = metrics == null ? BatcherMetrics.NOOP : metrics;
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
        this.maxDelayNanos = config.maxDelay().toNanos();
        this.worker = new Thread(this::work, "ferstream-batcher-" + config.name());
        this.worker.setDaemon(true);
        this.worker.start();
    }

    public DynamicBatcher(BatcherConfig config, BatchRunner<I, O> runner) {
        this(config, runner, BatcherMetrics.NOOP);
    }

    /**
     * Queues one item, waiting up to the configured submit timeout for room.
     *
     * @throws BatcherFullException when the queue stayed full for the whole timeout
     * @throws BatcherClosedException when the batcher is shut down
     */
    public CompletableFuture<O> submit(I input) throws InterruptedException {
        Request<I, O> request = newRequest(input);
        if (!queue.offer(request, config.submitTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
            metrics.rejected();
            throw new BatcherFullException(
                    "Batcher '"
                            + config.name()
                            + "' queue is full ("
                            + config.queueCapacity()
                            + " requests) and stayed full for "
                            + config.submitTimeout().toMillis()
                            + " ms: inference is slower than the input rate");
        }
        return accepted(request);
    }

    /**
     * Queues one item, waiting for room as long as the batcher runs. For callers whose own capacity
     * bounds what they submit (the job's async operator): a full queue is then backpressure, not an
     * error, and a model that stops answering is caught by the caller's own timeout.
     *
     * @throws BatcherClosedException when the batcher is shut down
     */
    public CompletableFuture<O> submitWaiting(I input) throws InterruptedException {
        Request<I, O> request = newRequest(input);
        if (queue.offer(request)) {
            return accepted(request);
        }
        long waitStart = System.nanoTime();
        while (!queue.offer(request, config.submitTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
            if (state != State.RUNNING) {
                throw closed();
            }
        }
        metrics.submissionWaited(System.nanoTime() - waitStart);
        return accepted(request);
    }

    private Request<I, O> newRequest(I input) {
        Objects.requireNonNull(input, "input");
        if (state != State.RUNNING) {
            throw closed();
        }
        return new Request<>(input);
    }

    // A shutdown may have started between the state check and the offer, after the worker's last
    // look at
    // the queue. Whoever removes the request from the queue owns its future: if we still can, we
    // refuse it.
    private CompletableFuture<O> accepted(Request<I, O> request) {
        if (state != State.RUNNING && queue.remove(request)) {
            throw closed();
        }
        return request.future;
    }

    private BatcherClosedException closed() {
        return new BatcherClosedException(
                "Batcher '" + config.name() + "' is shut down and accepts no requests");
    }

    /** Requests waiting in the queue now (not counting a batch being run). */
    public int queued() {
        return queue.size();
    }

    public BatcherConfig config() {
        return config;
    }

    private void work() {
        List<Request<I, O>> batch = new ArrayList<>(config.maxBatch());
        try {
            while (state != State.STOPPED) {
                Request<I, O> first = queue.poll(IDLE_POLL_NANOS, TimeUnit.NANOSECONDS);
                if (first == null) {
                    if (state == State.DRAINING) {
                        return; // drained
                    }
                    continue;
                }
                batch.add(first);
                fill(batch, first.enqueuedNanos + maxDelayNanos);
                runBatch(batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // shutdownNow: fall through to failing what is left
        } finally {
            state = State.STOPPED; // also when an Error ends the worker: later submits must not
            // wait forever
            failAll(batch, closed());
            failQueued();
        }
    }

    private void fill(List<Request<I, O>> batch, long deadline) throws InterruptedException {
        while (batch.size() < config.maxBatch()) {
            queue.drainTo(batch, config.maxBatch() - batch.size());
            if (batch.size() >= config.maxBatch() || state != State.RUNNING) {
                return; // full, or shutting down: do not wait for more
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return;
            }
            Request<I, O> next = queue.poll(remaining, TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            batch.add(next);
        }
    }

    private void runBatch(List<Request<I, O>> batch) {
        long start = System.nanoTime();
        List<I> inputs = new ArrayList<>(batch.size());
        for (Request<I, O> request : batch) {
            metrics.queueWait(start - request.enqueuedNanos);
            inputs.add(request.input);
        }
        List<O> outputs;
        try {
            outputs = runner.run(inputs);
            if (outputs == null || outputs.size() != inputs.size()) {
                throw new IllegalStateException(
                        "Batch runner of '"
                                + config.name()
                                + "' returned "
                                + (outputs == null ? "null" : outputs.size() + " outputs")
                                + " for "
                                + inputs.size()
                                + " inputs");
            }
        } catch (Exception | LinkageError | AssertionError e) {
            metrics.batchFailed(batch.size(), e);
            failAll(batch, e);
            batch.clear();
            return;
        }
        metrics.batchCompleted(batch.size(), System.nanoTime() - start);
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).future.complete(outputs.get(i));
        }
        batch.clear();
    }

    private void failAll(List<Request<I, O>> batch, Throwable error) {
        for (Request<I, O> request : batch) {
            request.future.completeExceptionally(error);
        }
    }

    private void failQueued() {
        List<Request<I, O>> left = new ArrayList<>();
        queue.drainTo(left);
        if (!left.isEmpty()) {
            LOG.warn(
                    "Batcher '{}' shut down with {} pending requests; they fail with"
                            + " BatcherClosedException",
                    config.name(),
                    left.size());
        }
        failAll(left, closed());
    }

    /**
     * Stops accepting requests and runs what is queued, waiting up to {@code timeout}; requests
     * still queued after that fail with {@link BatcherClosedException}. A batch already running
     * always finishes.
     *
     * @return true when every pending request ran
     */
    public boolean shutdown(Duration timeout) throws InterruptedException {
        if (state == State.RUNNING) {
            state = State.DRAINING;
        }
        worker.join(Math.max(1, timeout.toMillis()));
        boolean drained = !worker.isAlive();
        if (!drained) {
            state = State.STOPPED; // the worker exits after its current batch and fails the rest
        }
        failQueued();
        return drained && queue.isEmpty();
    }

    /**
     * Stops at once: every queued request fails with {@link BatcherClosedException}; a batch
     * already inside the model still completes (ONNX Runtime calls cannot be cancelled).
     */
    public void shutdownNow() {
        state = State.STOPPED;
        failQueued();
        worker.interrupt();
    }

    /** Waits for the worker thread to end (after a shutdown). */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        worker.join(Math.max(1, timeout.toMillis()));
        return !worker.isAlive();
    }

    public boolean isShutdown() {
        return state != State.RUNNING;
    }

    /** Graceful shutdown: drains for up to 10 s, then fails what is left. */
    @Override
    public void close() throws InterruptedException {
        shutdown(Duration.ofSeconds(10));
    }
}
