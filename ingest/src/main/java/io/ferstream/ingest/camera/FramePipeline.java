package io.ferstream.ingest.camera;

import io.ferstream.schema.CameraFrame;
import io.ferstream.schema.ImageEncoding;
import io.ferstream.schema.SourceMetadata;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Source to records, without Kafka: grab, sample by capture time, pace (optionally), resize and
 * encode, then number the frame. Frames the sampler drops are never encoded.
 */
public final class FramePipeline implements AutoCloseable {

    private final FrameSource source;
    private final FpsSampler sampler;
    private final Pacer pacer;
    private final FrameEncoder encoder;
    private final String cameraId;
    private final SourceMetadata metadata;
    private long nextSequence;
    private long grabbed;
    private long sampledOut;

    /**
     * @param pacer null to go as fast as possible
     */
    public FramePipeline(
            FrameSource source,
            FpsSampler sampler,
            Pacer pacer,
            FrameEncoder encoder,
            String cameraId,
            long firstSequence,
            SourceMetadata metadata) {
        this.source = Objects.requireNonNull(source, "source");
        this.sampler = Objects.requireNonNull(sampler, "sampler");
        this.pacer = pacer;
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.cameraId = Objects.requireNonNull(cameraId, "cameraId");
        this.metadata = metadata;
        this.nextSequence = firstSequence;
    }

    public void open() throws SourceException {
        source.open();
    }

    /** The next frame to send, or null when the source has ended. */
    public CameraFrame next() throws SourceException, InterruptedException {
        while (true) {
            CapturedFrame captured = source.next();
            if (captured == null) {
                return null;
            }
            grabbed++;
            if (!sampler.keep(captured.timelineMicros())) {
                sampledOut++;
                continue;
            }
            if (pacer != null) {
                pacer.awaitDue(captured.timelineMicros());
            }
            EncodedImage encoded = encoder.encode(captured.image());
            return CameraFrame.newBuilder()
                    .setCameraId(cameraId)
                    .setSequence(nextSequence++)
                    .setCaptureTime(captured.captureTime())
                    .setWidth(encoded.width())
                    .setHeight(encoded.height())
                    .setEncoding(ImageEncoding.JPEG)
                    .setImage(ByteBuffer.wrap(encoded.jpeg()))
                    .setSource(metadata)
                    .build();
        }
    }

    /** Frames read from the source. */
    public long grabbed() {
        return grabbed;
    }

    /** Frames the fps sampler left out. */
    public long sampledOut() {
        return sampledOut;
    }

    @Override
    public void close() {
        source.close();
    }
}
