package io.ferstream.inference.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The batching policy with a plain function as the model: fast, no ONNX involved. */
class DynamicBatcherTest {

    /** Doubles every item and records the batch sizes it saw. */
    private static final class Doubler implements BatchRunner<Integer, Integer> {
        final List<Integer> batchSizes = new CopyOnWriteArrayList<>();

        @Override
        public List<Integer> run(List<Integer> inputs) {
            batchSizes.add(inputs.size());
            return inputs.stream().map(i -> i * 2).toList();
        }
    }

    /** Blocks every batch until released, so tests can fill the queue deterministically. */
    private static final class Gate implements BatchRunner<Integer, Integer> {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public List<Integer> run(List<Integer> inputs) throws InterruptedException {
            entered.countDown();
            release.await();
            return inputs;
        }
    }

    @Test
    void shouldRunAFullBatchWithoutWaitingForTheDelay() throws Exception {
        // configure: a delay far longer than the test may take
        Doubler runner = new Doubler();
        try (DynamicBatcher<Integer, Integer> batcher =
                new DynamicBatcher<>(
                        new BatcherConfig(
                                "full", 16, 4, Duration.ofSeconds(30), Duration.ofSeconds(1)),
                        runner)) {
            // act
            List<CompletableFuture<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                futures.add(batcher.submit(i));
            }

            // verify: one batch of four, each future holds its own result
            for (int i = 0; i < 4; i++) {
                assertEquals(i * 2, futures.get(i).get(5, TimeUnit.SECONDS));
            }
            assertEquals(List.of(4), runner.batchSizes);
        }
    }

    @Test
    void shouldRunAPartialBatchOnceTheOldestRequestWaitedMaxDelay() throws Exception {
        // configure
        Doubler runner = new Doubler();
        try (DynamicBatcher<Integer, Integer> batcher =
                new DynamicBatcher<>(
                        new BatcherConfig(
                                "partial", 16, 8, Duration.ofMillis(50), Duration.ofSeconds(1)),
                        runner)) {
            // act
            CompletableFuture<Integer> a = batcher.submit(1);
            CompletableFuture<Integer> b = batcher.submit(2);

            // verify: both complete in one batch of 2 though the batch never filled
            assertEquals(2, a.get(5, TimeUnit.SECONDS));
            assertEquals(4, b.get(5, TimeUnit.SECONDS));
            assertEquals(List.of(2), runner.batchSizes);
        }
    }

    @Test
    void shouldAnswerEveryRequestOfManyConcurrentProducers() throws Exception {
        // configure: 8 producers x 500 requests through a small queue
        Doubler runner = new Doubler();
        int producers = 8;
        int perProducer = 500;
        ExecutorService pool = Executors.newFixedThreadPool(producers);
        try (DynamicBatcher<Integer, Integer> batcher =
                new DynamicBatcher<>(
                        new BatcherConfig(
                                "concurrent", 32, 8, Duration.ofMillis(1), Duration.ofSeconds(10)),
                        runner)) {
            // act
            List<Future<List<CompletableFuture<Integer>>>> submitted = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int base = p * perProducer;
                submitted.add(
                        pool.submit(
                                () -> {
                                    List<CompletableFuture<Integer>> mine = new ArrayList<>();
                                    for (int i = 0; i < perProducer; i++) {
                                        mine.add(batcher.submit(base + i));
                                    }
                                    return mine;
                                }));
            }

            // verify: every future holds its own input doubled, batches never exceed maxBatch
            for (int p = 0; p < producers; p++) {
                List<CompletableFuture<Integer>> mine = submitted.get(p).get(30, TimeUnit.SECONDS);
                for (int i = 0; i < perProducer; i++) {
                    assertEquals((p * perProducer + i) * 2, mine.get(i).get(10, TimeUnit.SECONDS));
                }
            }
            assertEquals(
                    producers * perProducer,
                    runner.batchSizes.stream().mapToInt(Integer::intValue).sum());
            assertTrue(
                    runner.batchSizes.stream().allMatch(size -> size >= 1 && size <= 8),
                    runner.batchSizes.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldPushBackWhenTheQueueIsFull() throws Exception {
        // configure: the worker holds a batch inside the model (one item or two: it may start
        // before the second arrives), and the queue is filled to its 4
        Gate gate = new Gate();
        AtomicInteger rejected = new AtomicInteger();
        BatcherMetrics metrics =
                new BatcherMetrics() {
                    @Override
                    public void rejected() {
                        rejected.incrementAndGet();
                    }
                };
        DynamicBatcher<Integer, Integer> batcher =
                new DynamicBatcher<>(
                        new BatcherConfig("full-queue", 4, 2, Duration.ZERO, Duration.ofMillis(50)),
                        gate,
                        metrics);
        List<CompletableFuture<Integer>> accepted = new ArrayList<>();
        accepted.add(batcher.submit(0));
        accepted.add(batcher.submit(1));
        assertTrue(gate.entered.await(5, TimeUnit.SECONDS));
        while (batcher.queued() < 4) { // the worker waits in the model: nothing leaves the queue
            accepted.add(batcher.submit(accepted.size()));
        }

        // act + verify: a submit to a full queue gives up after its timeout
        long start = System.nanoTime();
        BatcherFullException full =
                assertThrows(BatcherFullException.class, () -> batcher.submit(99));
        assertTrue(
                System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(40),
                "submit waited for its timeout");
        assertTrue(full.getMessage().contains("full-queue"), full.getMessage());
        assertEquals(1, rejected.get());

        // and once the model moves on, everything accepted completes
        gate.release.countDown();
        for (int i = 0; i < accepted.size(); i++) {
            assertEquals(i, accepted.get(i).get(5, TimeUnit.SECONDS));
        }
        batcher.close();
    }

    @Test
    void aWaitingSubmissionWaitsForRoomAndCountsTheWait() throws Exception {
        // configure: the worker holds a batch inside the model and the queue is full
        Gate gate = new Gate();
        List<Long> waits = new java.util.concurrent.CopyOnWriteArrayList<>();
        BatcherMetrics metrics =
                new BatcherMetrics() {
                    @Override
                    public void submissionWaited(long nanos) {
                        waits.add(nanos);
                    }
                };
        DynamicBatcher<Integer, Integer> batcher =
                new DynamicBatcher<>(
                        new BatcherConfig("waiting", 2, 1, Duration.ZERO, Duration.ofMillis(20)),
                        gate,
                        metrics);
        CompletableFuture<Integer> first = batcher.submit(0);
        assertTrue(gate.entered.await(5, TimeUnit.SECONDS));
        List<CompletableFuture<Integer>> queued = new ArrayList<>();
        while (batcher.queued() < 2) {
            queued.add(batcher.submitWaiting(queued.size() + 1));
        }
        assertEquals(List.of(), waits, "room was there: no wait counted");

        // act: a waiting submission outlasts several submit timeouts, then the model moves on
        CompletableFuture<CompletableFuture<Integer>> waiting =
                CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return batcher.submitWaiting(99);
                            } catch (InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                        });
        Thread.sleep(200);
        assertFalse(waiting.isDone(), "it waits for room instead of failing");
        gate.release.countDown();

        // verify: accepted, answered, and the wait counted once
        assertEquals(99, waiting.get(5, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS));
        assertEquals(0, first.get(5, TimeUnit.SECONDS));
        assertEquals(1, waits.size());
        assertTrue(waits.get(0) >= TimeUnit.MILLISECONDS.toNanos(150), "waited " + waits);
        batcher.close();
    }

    @Test
    void shouldFailOnlyTheBatchWhoseModelCallFailed() throws Exception {
        // configure: the model fails on batches containing 13
        BatchRunner<Integer, Integer> picky =
                inputs -> {
                    if (inputs.contains(13)) {
                        throw new IllegalStateException("bad input");
                    }
                    return inputs;
                };
        try (DynamicBatcher<Integer, Integer> batcher =
                new DynamicBatcher<>(
                        new BatcherConfig("failing", 8, 1, Duration.ZERO, Duration.ofSeconds(1)),
                        picky)) {
            // act
            CompletableFuture<Integer> bad = batcher.submit(13);
            CompletableFuture<Integer> good = batcher.submit(7);

            // verify
            ExecutionException error =
                    assertThrows(ExecutionException.class, () -> bad.get(5, TimeUnit.SECONDS));
            assertInstanceOf(IllegalStateException.class, error.getCause());
            assertEquals(7, good.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void shouldCompletePendingWorkOnGracefulShutdown() throws Exception {
        // configure: requests queued behind a batch that is still running
        Gate gate = new Gate();
        DynamicBatcher<Integer, Integer> batcher =
                new DynamicBatcher<>(
                        new BatcherConfig("drain", 16, 2, Duration.ZERO, Duration.ofSeconds(1)),
                        gate);
        List<CompletableFuture<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            futures.add(batcher.submit(i));
        }
        assertTrue(gate.entered.await(5, TimeUnit.SECONDS));

        // act: shut down while the first batch is inside the model, then let it go
        CompletableFuture<Boolean> drained =
                CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return batcher.shutdown(Duration.ofSeconds(10));
                            } catch (InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                        });
        Thread.sleep(20);
        assertThrows(BatcherClosedException.class, () -> batcher.submit(100));
        gate.release.countDown();

        // verify: every request ran
        assertTrue(drained.get(10, TimeUnit.SECONDS));
        for (int i = 0; i < 10; i++) {
            assertEquals(i, futures.get(i).get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void shouldFailEveryPendingRequestOnImmediateShutdown() throws Exception {
        // configure
        Gate gate = new Gate();
        DynamicBatcher<Integer, Integer> batcher =
                new DynamicBatcher<>(
                        new BatcherConfig("stop", 16, 2, Duration.ZERO, Duration.ofSeconds(1)),
                        gate);
        List<CompletableFuture<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            futures.add(batcher.submit(i));
        }
        assertTrue(gate.entered.await(5, TimeUnit.SECONDS));

        // act
        batcher.shutdownNow();
        gate.release.countDown();

        // verify: none is left hanging; the queued ones failed with a clear exception
        assertTrue(batcher.awaitTermination(Duration.ofSeconds(5)));
        int failed = 0;
        for (CompletableFuture<Integer> future : futures) {
            assertTrue(future.isDone());
            if (future.isCompletedExceptionally()) {
                ExecutionException error = assertThrows(ExecutionException.class, future::get);
                assertTrue(
                        error.getCause() instanceof BatcherClosedException
                                || error.getCause() instanceof InterruptedException,
                        error.getCause().toString());
                failed++;
            }
        }
        assertTrue(failed >= 8, "the 8 queued requests fail, got " + failed);
    }

    @Test
    void shouldNeverLoseAFutureWhenShutdownRacesWithSubmitters() throws Exception {
        // configure: producers submit as fast as they can while the batcher is shut down
        Doubler runner = new Doubler();
        DynamicBatcher<Integer, Integer> batcher =
                new DynamicBatcher<>(
                        new BatcherConfig("race", 8, 4, Duration.ZERO, Duration.ofMillis(5)),
                        runner);
        List<CompletableFuture<Integer>> accepted = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch started = new CountDownLatch(4);
        for (int p = 0; p < 4; p++) {
            pool.submit(
                    () -> {
                        started.countDown();
                        for (int i = 0; ; i++) {
                            try {
                                accepted.add(batcher.submit(i));
                            } catch (BatcherFullException ignored) {
                                // keep trying
                            } catch (BatcherClosedException | InterruptedException e) {
                                return;
                            }
                        }
                    });
        }
        started.await();
        Thread.sleep(50);

        // act
        batcher.shutdown(Duration.ofSeconds(5));
        pool.shutdown();
        assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));

        // verify: every accepted request completed or failed
        assertTrue(accepted.size() > 0);
        for (CompletableFuture<Integer> future : accepted) {
            assertTrue(future.isDone(), "a future was lost");
        }
    }

    @Test
    void shouldRefuseInconsistentSettingsWithAClearMessage() {
        IllegalArgumentException error =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new BatcherConfig("x", 4, 8, Duration.ZERO, Duration.ZERO));
        assertTrue(error.getMessage().contains("queueCapacity"), error.getMessage());
    }
}
