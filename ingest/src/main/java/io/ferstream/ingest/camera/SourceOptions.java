package io.ferstream.ingest.camera;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * How to read a source.
 *
 * @param captureStart for files and images: capture time of timestamp 0 (replays with the same
 *     start are deterministic); null means the wall clock when the source opens
 * @param startOffset for files and images: skip this much of the timeline first
 * @param loop for files and images: start again at the end, with capture times still increasing
 * @param rtspTransport RTSP transport (tcp, udp, udp_multicast, http)
 * @param socketTimeout network read/connect timeout of streams, after which the stream counts as
 *     dropped
 * @param imageInterval timeline spacing of images in a folder (they have no timestamps)
 * @param ffmpegOptions extra FFmpeg demuxer/protocol options (e.g. video_size=1280x720 for V4L2)
 */
public record SourceOptions(
        Instant captureStart,
        Duration startOffset,
        boolean loop,
        String rtspTransport,
        Duration socketTimeout,
        Duration imageInterval,
        Map<String, String> ffmpegOptions) {

    public SourceOptions {
        Objects.requireNonNull(startOffset, "startOffset");
        Objects.requireNonNull(rtspTransport, "rtspTransport");
        Objects.requireNonNull(socketTimeout, "socketTimeout");
        Objects.requireNonNull(imageInterval, "imageInterval");
        if (startOffset.isNegative()) {
            throw new IllegalArgumentException(
                    "start offset must not be negative, got " + startOffset);
        }
        if (socketTimeout.isNegative() || socketTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "socket timeout must be positive, got " + socketTimeout);
        }
        if (imageInterval.isNegative() || imageInterval.isZero()) {
            throw new IllegalArgumentException(
                    "image interval must be positive, got " + imageInterval);
        }
        ffmpegOptions = Map.copyOf(ffmpegOptions == null ? Map.of() : ffmpegOptions);
    }

    /**
     * Defaults: capture start = now at open, no offset, no loop, RTSP over TCP, 10 s socket
     * timeout, images 1 s apart.
     */
    public static SourceOptions defaults() {
        return new SourceOptions(
                null,
                Duration.ZERO,
                false,
                "tcp",
                Duration.ofSeconds(10),
                Duration.ofSeconds(1),
                Map.of());
    }

    public SourceOptions withCaptureStart(Instant start) {
        return new SourceOptions(
                start,
                startOffset,
                loop,
                rtspTransport,
                socketTimeout,
                imageInterval,
                ffmpegOptions);
    }

    public SourceOptions withLoop(boolean newLoop) {
        return new SourceOptions(
                captureStart,
                startOffset,
                newLoop,
                rtspTransport,
                socketTimeout,
                imageInterval,
                ffmpegOptions);
    }

    public SourceOptions withStartOffset(Duration offset) {
        return new SourceOptions(
                captureStart,
                offset,
                loop,
                rtspTransport,
                socketTimeout,
                imageInterval,
                ffmpegOptions);
    }

    public SourceOptions withImageInterval(Duration interval) {
        return new SourceOptions(
                captureStart,
                startOffset,
                loop,
                rtspTransport,
                socketTimeout,
                interval,
                ffmpegOptions);
    }
}
