package io.ferstream.ingest.camera;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Video files, RTSP/HTTP streams and V4L2 webcams through FFmpeg ({@link FFmpegFrameGrabber}).
 * Files take capture time = capture start + frame timestamp, so a replay is deterministic; live
 * sources take the wall clock at grab.
 */
public final class GrabberSource implements FrameSource {

    private static final Logger LOG = LoggerFactory.getLogger(GrabberSource.class);

    private final SourceSpec spec;
    private final SourceOptions options;
    private final Clock clock;
    private FFmpegFrameGrabber grabber;
    private OpenCVFrameConverter.ToMat converter;
    private Instant captureStart;
    private long startOffsetMicros;
    private long frameMicros;
    private long loopBaseMicros;
    private long firstPtsInLoop = Long.MIN_VALUE;
    private long lastPts;

    public GrabberSource(SourceSpec spec, SourceOptions options, Clock clock) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (spec.kind() == SourceKind.IMAGES) {
            throw new IllegalArgumentException(
                    "images are read by ImageFolderSource, not " + getClass().getSimpleName());
        }
    }

    @Override
    public void open() throws SourceException {
        close();
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(spec.location());
        String timeoutMicros = Long.toString(options.socketTimeout().toNanos() / 1000);
        switch (spec.kind()) {
            case V4L2 -> g.setFormat("video4linux2");
            case RTSP -> {
                g.setOption("rtsp_transport", options.rtspTransport());
                g.setOption(
                        "timeout",
                        timeoutMicros); // RTSP socket timeout (FFmpeg >= 5 name), microseconds
            }
            case HTTP -> {
                g.setOption("timeout", timeoutMicros);
                g.setOption("reconnect", "0"); // we reconnect ourselves, with backoff and a bound
            }
            default -> {}
        }
        if (spec.live()) {
            g.setOption("rw_timeout", timeoutMicros);
        }
        options.ffmpegOptions().forEach(g::setOption);
        g.setPixelFormat(AV_PIX_FMT_BGR24);
        try {
            g.start();
            if (g.getImageWidth() <= 0 || g.getImageHeight() <= 0) {
                throw new SourceException("source " + spec.displayName() + " has no video stream");
            }
            startOffsetMicros = options.startOffset().toNanos() / 1000;
            if (!spec.live() && startOffsetMicros > 0) {
                g.setTimestamp(startOffsetMicros);
            }
        } catch (FrameGrabber.Exception e) {
            closeQuietly(g);
            throw new SourceException(
                    "cannot open " + spec.displayName() + ": " + sanitize(e.getMessage()));
        } catch (SourceException e) {
            closeQuietly(g);
            throw e;
        }
        grabber = g;
        converter = new OpenCVFrameConverter.ToMat();
        double fps = g.getFrameRate();
        frameMicros = fps > 0 && fps < 1000 ? Math.round(1_000_000.0 / fps) : 40_000;
        if (captureStart == null) {
            captureStart =
                    options.captureStart() != null ? options.captureStart() : clock.instant();
        }
        LOG.info(
                "opened {} ({}x{}, {} fps)",
                spec,
                g.getImageWidth(),
                g.getImageHeight(),
                String.format("%.2f", fps));
    }

    @Override
    public CapturedFrame next() throws SourceException {
        if (grabber == null) {
            throw new IllegalStateException("source not open");
        }
        Frame frame = grab();
        if (frame == null && options.loop() && !spec.live() && firstPtsInLoop != Long.MIN_VALUE) {
            // Continue the timeline after the last frame so capture times keep increasing across
            // loops.
            loopBaseMicros += lastPts - firstPtsInLoop + frameMicros;
            firstPtsInLoop = Long.MIN_VALUE;
            try {
                grabber.setTimestamp(startOffsetMicros);
            } catch (FrameGrabber.Exception e) {
                throw new SourceException(
                        "cannot rewind "
                                + spec.displayName()
                                + " to loop: "
                                + sanitize(e.getMessage()));
            }
            frame = grab();
        }
        if (frame == null) {
            return null;
        }
        Mat image = converter.convert(frame);
        if (spec.live()) {
            Instant now = clock.instant();
            return new CapturedFrame(
                    now.getEpochSecond() * 1_000_000L + now.getNano() / 1000, now, image);
        }
        long pts = frame.timestamp;
        if (firstPtsInLoop == Long.MIN_VALUE) {
            firstPtsInLoop = pts;
        }
        lastPts = pts;
        long timeline = loopBaseMicros + pts;
        return new CapturedFrame(timeline, captureStart.plusNanos(timeline * 1000), image);
    }

    private Frame grab() throws SourceException {
        try {
            Frame frame = grabber.grabImage();
            return frame == null || frame.image == null ? null : frame;
        } catch (FrameGrabber.Exception e) {
            throw new SourceException(
                    "cannot read " + spec.displayName() + ": " + sanitize(e.getMessage()));
        }
    }

    @Override
    public boolean live() {
        return spec.live();
    }

    /** Frame rate the container or stream declares (0 if unknown); valid after open. */
    public double declaredFrameRate() {
        return grabber == null ? 0 : grabber.getFrameRate();
    }

    /**
     * Length the container declares, in microseconds (0 if unknown, as for streams); valid after
     * open.
     */
    public long declaredDurationMicros() {
        return grabber == null ? 0 : Math.max(0, grabber.getLengthInTime());
    }

    @Override
    public void close() {
        if (converter != null) {
            converter.close();
            converter = null;
        }
        if (grabber != null) {
            closeQuietly(grabber);
            grabber = null;
        }
    }

    private static void closeQuietly(FFmpegFrameGrabber g) {
        try {
            g.close();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            LOG.debug("closing grabber failed", e);
        }
    }

    /** FFmpeg's messages quote the URL, credentials included: show the display name instead. */
    private String sanitize(String message) {
        if (message == null) {
            return "unknown error";
        }
        return message.replace(spec.location(), spec.displayName());
    }
}
