package io.ferstream.inference;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.inference.batch.BatcherConfig;
import io.ferstream.inference.batch.DynamicBatcher;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The order FaceAnalyzer releases what it owns in: sessions only after the batcher workers. */
class FaceAnalyzerCloseTest {

    @Test
    void aSessionIsNotReleasedWhileItsBatcherWorkerIsInsideTheModel() throws Exception {
        CountDownLatch inModel = new CountDownLatch(1);
        CountDownLatch modelReturns = new CountDownLatch(1);
        DynamicBatcher<Integer, Integer> batcher =
                new DynamicBatcher<>(
                        new BatcherConfig(
                                "stuck", 8, 1, Duration.ofMillis(1), Duration.ofSeconds(1)),
                        inputs -> {
                            inModel.countDown();
                            // a native call: it ignores interrupts until it returns
                            boolean returned = false;
                            while (!returned) {
                                try {
                                    returned = modelReturns.await(1, TimeUnit.SECONDS);
                                } catch (InterruptedException ignored) {
                                    // as ONNX Runtime's run does
                                }
                            }
                            return inputs;
                        });
        AtomicBoolean sessionReleased = new AtomicBoolean();
        AutoCloseable session = () -> sessionReleased.set(true);
        batcher.submit(1);
        assertTrue(inModel.await(5, TimeUnit.SECONDS));

        boolean closed =
                FaceAnalyzer.closeInOrder(
                        List.of(batcher, session), Duration.ofMillis(50), Duration.ofMillis(100));

        assertFalse(closed);
        assertFalse(sessionReleased.get(), "released under a worker inside the model");
        modelReturns.countDown();
        assertTrue(
                FaceAnalyzer.closeInOrder(
                        List.of(batcher, session), Duration.ofSeconds(5), Duration.ofSeconds(5)));
        assertTrue(sessionReleased.get(), "released once the worker stopped");
    }
}
