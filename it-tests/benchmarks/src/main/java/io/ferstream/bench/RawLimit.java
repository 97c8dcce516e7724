package io.ferstream.bench;

import io.ferstream.image.ImageRejectedException;
import io.ferstream.inference.AnalysisSettings;
import io.ferstream.inference.FaceAnalyzer;
import io.ferstream.inference.detection.DetectionSettings;
import io.ferstream.inference.image.FramePixels;
import io.ferstream.inference.image.ImageDecoder;
import io.ferstream.inference.model.ModelLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The raw limit: the job's per-frame work (OpenCV decode on the calling thread, then the shared
 * {@link FaceAnalyzer}: detector preprocessing + detector batches, crops + classifier batches) in a
 * tight loop, no Kafka, no Flink. Like the job: {@code drivers} threads decode (the job's task
 * threads), each with up to {@code inFlight} frames in the analyzer (the async operator's
 * capacity).
 */
final class RawLimit implements AutoCloseable {

    /** One measurement. */
    record Result(
            int drivers,
            int frames,
            double seconds,
            long faces,
            BatchStats detector,
            BatchStats classifier,
            double decodeMillis) {
        double framesPerSecond() {
            return frames / seconds;
        }

        double facesPerSecond() {
            return faces / seconds;
        }
    }

    private final AnalysisSettings settings;
    private final CountingBatcherMetrics detectorMetrics = new CountingBatcherMetrics();
    private final CountingBatcherMetrics classifierMetrics = new CountingBatcherMetrics();
    private final FaceAnalyzer analyzer;
    private final ImageDecoder decoder;

    RawLimit(AnalysisSettings settings) {
        this.settings = settings;
        this.analyzer =
                FaceAnalyzer.open(
                        ModelLoader.load(Path.of(settings.detectorDescriptor())),
                        ModelLoader.load(Path.of(settings.classifierDescriptor())),
                        settings.analyzer(),
                        detectorMetrics,
                        classifierMetrics);
        this.decoder = new ImageDecoder(settings.images());
    }

    private FramePixels decodeForDetection(byte[] jpeg) throws ImageRejectedException {
        FramePixels pixels = FramePixels.of(jpeg, decoder.checkedHeader(jpeg), decoder);
        pixels.at(analyzer.detectionScale(pixels, DetectionSettings.WHOLE_FRAME));
        return pixels;
    }

    AnalysisSettings settings() {
        return settings;
    }

    Result run(BenchWorkload workload, int frames, int drivers, int inFlight) throws Exception {
        detectorMetrics.reset();
        classifierMetrics.reset();
        LongAdder faces = new LongAdder();
        LongAdder decodeNanos = new LongAdder();
        CountDownLatch done = new CountDownLatch(frames);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        ExecutorService pool =
                Executors.newFixedThreadPool(drivers, r -> new Thread(r, "raw-driver"));
        long start = System.nanoTime();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int d = 0; d < drivers; d++) {
                int driver = d;
                running.add(
                        pool.submit(
                                () -> {
                                    Semaphore slots = new Semaphore(inFlight);
                                    for (int k = driver;
                                            k < frames && failure.get() == null;
                                            k += drivers) {
                                        BenchWorkload.Photo photo = workload.replayPhoto(k);
                                        slots.acquire();
                                        long t = System.nanoTime();
                                        // header, limits and pixels at the
                                        // detector's scale, as the job does
                                        FramePixels image = decodeForDetection(photo.jpeg());
                                        decodeNanos.add(System.nanoTime() - t);
                                        analyzer.analyzeAsync(image, DetectionSettings.WHOLE_FRAME)
                                                .whenComplete(
                                                        (found, error) -> {
                                                            if (error != null) {
                                                                failure.compareAndSet(null, error);
                                                            } else {
                                                                faces.add(found.size());
                                                            }
                                                            slots.release();
                                                            done.countDown();
                                                        });
                                    }
                                    return null;
                                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            while (!done.await(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                if (failure.get() != null) {
                    break;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failure.get() != null) {
            throw new IllegalStateException("raw analysis failed", failure.get());
        }
        return new Result(
                drivers,
                frames,
                seconds,
                faces.sum(),
                detectorMetrics.stats(),
                classifierMetrics.stats(),
                decodeNanos.sum() / 1e6);
    }

    @Override
    public void close() {
        analyzer.close();
    }
}
