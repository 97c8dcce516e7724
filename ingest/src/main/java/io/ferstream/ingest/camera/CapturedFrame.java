package io.ferstream.ingest.camera;

import java.time.Instant;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * One decoded frame from a source. The image is BGR, owned by the source, and valid only until the
 * source's next {@code next()} or {@code close()}: encode it before asking for more.
 *
 * @param timelineMicros position on the source's own monotonic timeline (file pts plus loop
 *     offsets, or the wall clock for live sources); the sampler and pacer use it
 * @param captureTime when the frame counts as captured
 * @param image the decoded picture
 */
public record CapturedFrame(long timelineMicros, Instant captureTime, Mat image) {}
