package io.ferstream.processor.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.apache.flink.streaming.api.operators.OneInputStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.async.AsyncWaitOperatorFactory;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * A checkpoint of the draining operator holds no element in flight: their results are emitted
 * before the barrier, in order, and a restore has nothing to analyse again. Flink's own operator,
 * as the control, stores them.
 */
class DrainingAsyncOperatorFactoryTest {

    /** Elements the functions saw, across the harnesses of one test. */
    private static final ConcurrentLinkedQueue<Long> INVOKED = new ConcurrentLinkedQueue<>();

    /** Doubles each element on another thread, later elements sooner (so order is the queue's). */
    static final class SlowDoubling extends RichAsyncFunction<Long, Long> {
        @Override
        public void asyncInvoke(Long in, ResultFuture<Long> result) {
            INVOKED.add(in);
            CompletableFuture.runAsync(
                    () -> result.complete(List.of(in * 2)),
                    CompletableFuture.delayedExecutor(200 - in * 10, TimeUnit.MILLISECONDS));
        }
    }

    private static OneInputStreamOperatorTestHarness<Long, Long> harness(
            OneInputStreamOperatorFactory<Long, Long> factory) throws Exception {
        return new OneInputStreamOperatorTestHarness<>(
                factory,
                Types.LONG.createSerializer(
                        new org.apache.flink.api.common.serialization.SerializerConfigImpl()));
    }

    /** Runs five elements into {@code factory}, checkpoints, and restores into Flink's operator. */
    private static List<Long> emittedBeforeBarrierThenReanalysed(
            OneInputStreamOperatorFactory<Long, Long> factory, List<Long> beforeBarrier)
            throws Exception {
        INVOKED.clear();
        OperatorSubtaskState snapshot;
        try (var before = harness(factory)) {
            before.open();
            for (long i = 1; i <= 5; i++) {
                before.processElement(i, i);
            }
            // What the task does at a checkpoint: before the barrier, then the snapshot.
            before.prepareSnapshotPreBarrier(1L);
            snapshot = before.snapshot(1L, 1L);
            beforeBarrier.addAll(before.extractOutputValues());
        }
        INVOKED.clear();
        try (var after = harness(plain())) {
            after.initializeState(snapshot);
            after.open();
            after.endInput();
        }
        List<Long> again = new ArrayList<>(INVOKED);
        Collections.sort(again);
        return again;
    }

    private static OneInputStreamOperatorFactory<Long, Long> plain() {
        return new AsyncWaitOperatorFactory<>(
                new SlowDoubling(), 10_000, 10, AsyncDataStream.OutputMode.ORDERED);
    }

    @Test
    void shouldEmitTheElementsInFlightBeforeTheBarrierAndStoreNone() throws Exception {
        List<Long> beforeBarrier = new ArrayList<>();

        List<Long> again =
                emittedBeforeBarrierThenReanalysed(
                        new DrainingAsyncOperatorFactory<>(new SlowDoubling(), 10_000, 10),
                        beforeBarrier);

        assertEquals(List.of(2L, 4L, 6L, 8L, 10L), beforeBarrier, "all, in input order");
        assertEquals(List.of(), again, "nothing in flight in the checkpoint");
    }

    @Test
    void flinksOwnOperatorStoresThemAndAnalysesThemAgainAfterARestore() throws Exception {
        List<Long> beforeBarrier = new ArrayList<>();

        List<Long> again = emittedBeforeBarrierThenReanalysed(plain(), beforeBarrier);

        assertEquals(List.of(), beforeBarrier, "still in flight at the barrier");
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), again);
    }
}
