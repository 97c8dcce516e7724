package io.ferstream.processor.config;

import io.ferstream.image.ImageLimits;
import io.ferstream.inference.FaceAnalyzerConfig;
import io.ferstream.inference.batch.BatcherConfig;
import io.ferstream.inference.image.ImageDecoderConfig;
import io.ferstream.inference.model.ModelsDirectory;
import io.ferstream.inference.runtime.ExecutionProviderConfig;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.util.TimeUtils;

/**
 * How the job analyses frames: which models, on which device, batched how, and the image limits.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>models.dir</td><td>the repository's models/ (or -Dferstream.models.dir)</td><td>folder of descriptors and ONNX files</td></tr>
 *   <tr><td>models.detector</td><td>face-api/tiny_face_detector.json</td><td>detector descriptor, relative to models.dir</td></tr>
 *   <tr><td>models.classifier</td><td>face-api/face_expression.json</td><td>expression classifier descriptor (e.g. lnlj/lnlj.json)</td></tr>
 *   <tr><td>inference.provider</td><td>cpu</td><td>cpu or cuda</td></tr>
 *   <tr><td>inference.threads</td><td>1</td><td>intra-op threads per CPU session</td></tr>
 *   <tr><td>inference.device-id</td><td>0</td><td>CUDA device</td></tr>
 *   <tr><td>inference.gpu-mem-limit</td><td>0 (no limit)</td><td>CUDA arena limit in bytes</td></tr>
 *   <tr><td>inference.fallback-to-cpu</td><td>true</td><td>run on CPU when CUDA is asked for but missing</td></tr>
 *   <tr><td>inference.detector.max-batch / .max-delay / .queue</td><td>4 / 2 ms / 64</td><td>detector batcher</td></tr>
 *   <tr><td>inference.classifier.max-batch / .max-delay / .queue</td><td>16 / 2 ms / 256</td><td>classifier batcher</td></tr>
 *   <tr><td>image.max-bytes / image.max-width / image.max-height</td><td>8 MiB / 3840 / 2160</td><td>larger images are refused before decoding (the gate's limits)</td></tr>
 * </table>
 */
public record AnalysisSettings(String detectorDescriptor, String classifierDescriptor,
    FaceAnalyzerConfig analyzer, ImageDecoderConfig images) implements Serializable {

  /** Parses and validates; a bad value fails naming the key to fix. */
  public static AnalysisSettings fromMap(Map<String, String> m) {
    Path dir = m.containsKey("models.dir") ? Path.of(m.get("models.dir")) : ModelsDirectory.locate();
    String provider = m.getOrDefault("inference.provider", "cpu").trim().toLowerCase();
    int threads = (int) number(m, "inference.threads", 1);
    ExecutionProviderConfig device = switch (provider) {
      case "cpu" -> ExecutionProviderConfig.cpu(threads);
      case "cuda" -> ExecutionProviderConfig.cuda((int) number(m, "inference.device-id", 0))
          .withGpuMemLimitBytes(number(m, "inference.gpu-mem-limit", 0))
          .withFallbackToCpu(Boolean.parseBoolean(m.getOrDefault("inference.fallback-to-cpu", "true")))
          .withIntraOpThreads(threads);
      default -> throw new IllegalArgumentException("inference.provider must be cpu or cuda, got '" + provider + "'");
    };
    FaceAnalyzerConfig analyzer = new FaceAnalyzerConfig(device,
        batcher(m, "detector", 4, 64), batcher(m, "classifier", 16, 256));
    ImageLimits d = ImageLimits.DEFAULT;
    ImageDecoderConfig images = ImageDecoderConfig.defaults().withLimits(new ImageLimits(
        number(m, "image.max-bytes", d.maxBytes()), (int) number(m, "image.max-width", d.maxWidth()),
        (int) number(m, "image.max-height", d.maxHeight())));
    return new AnalysisSettings(
        // Strings, not Paths: the settings travel inside the serialized function.
        dir.resolve(m.getOrDefault("models.detector", "face-api/tiny_face_detector.json")).toAbsolutePath().toString(),
        dir.resolve(m.getOrDefault("models.classifier", "face-api/face_expression.json")).toAbsolutePath().toString(),
        analyzer, images);
  }

  private static BatcherConfig batcher(Map<String, String> m, String which, int maxBatch, int queue) {
    String prefix = "inference." + which + ".";
    int batch = (int) number(m, prefix + "max-batch", maxBatch);
    Duration delay = duration(m, prefix + "max-delay", "2ms");
    int capacity = (int) number(m, prefix + "queue", Math.max(queue, 4 * batch));
    return BatcherConfig.of(which, batch).withMaxDelay(delay).withQueueCapacity(capacity)
        // A full queue blocks the submitting thread (backpressure) for up to this long, then fails
        // the frame's analysis, which restarts the job rather than dropping the frame.
        .withSubmitTimeout(Duration.ofSeconds(30));
  }

  private static long number(Map<String, String> m, String key, long dflt) {
    String v = m.get(key);
    try {
      return v == null ? dflt : Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, got '" + v + "'");
    }
  }

  private static Duration duration(Map<String, String> m, String key, String dflt) {
    String v = m.getOrDefault(key, dflt);
    try {
      return TimeUtils.parseDuration(v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + " must be a duration such as 2ms, got '" + v + "'");
    }
  }
}
