package io.ferstream.inference;

import io.ferstream.inference.batch.BatcherConfig;
import io.ferstream.inference.runtime.ExecutionProviderConfig;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link FaceAnalyzer} runs its two models.
 *
 * @param provider CPU or CUDA settings for both sessions
 * @param detectorBatching batching of frames into detector calls
 * @param classifierBatching batching of face crops into classifier calls
 */
public record FaceAnalyzerConfig(
        ExecutionProviderConfig provider,
        BatcherConfig detectorBatching,
        BatcherConfig classifierBatching)
        implements Serializable {

    public FaceAnalyzerConfig {
        Objects.requireNonNull(
                provider,
                "provider must be set (ExecutionProviderConfig.cpu(threads) or .cuda(device))");
        Objects.requireNonNull(detectorBatching, "detectorBatching must be set");
        Objects.requireNonNull(classifierBatching, "classifierBatching must be set");
    }

    /**
     * CPU defaults: detector batches of up to 4 frames, classifier batches of up to 16 faces, 2 ms
     * delay.
     */
    public static FaceAnalyzerConfig cpu(int intraOpThreads) {
        return new FaceAnalyzerConfig(
                ExecutionProviderConfig.cpu(intraOpThreads),
                BatcherConfig.of("detector", 4).withMaxDelay(Duration.ofMillis(2)),
                BatcherConfig.of("classifier", 16).withMaxDelay(Duration.ofMillis(2)));
    }
}
