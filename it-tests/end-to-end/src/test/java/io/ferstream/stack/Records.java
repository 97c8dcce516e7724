package io.ferstream.stack;

import io.ferstream.schema.CameraFrame;
import io.ferstream.schema.ExpressionEvent;
import io.ferstream.schema.ExpressionEventType;
import io.ferstream.schema.FaceBox;
import io.ferstream.schema.FrameRejected;
import io.ferstream.schema.ImageEncoding;
import io.ferstream.schema.LabelProbability;
import io.ferstream.schema.LabelShare;
import io.ferstream.schema.ModelInfo;
import io.ferstream.schema.RejectReason;
import io.ferstream.schema.SourceMetadata;
import io.ferstream.schema.TrackSummary;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

/** One filled-in record of each FerStream type, every optional part set. */
final class Records {

    private static final Instant T0 = Instant.ofEpochMilli(1_700_000_000_000L);

    private Records() {}

    static CameraFrame frame(long sequence) {
        return CameraFrame.newBuilder()
                .setCameraId("cam-7")
                .setSequence(sequence)
                .setCaptureTime(T0.plusMillis(sequence * 40))
                .setWidth(1280)
                .setHeight(720)
                .setEncoding(ImageEncoding.JPEG)
                .setImage(
                        ByteBuffer.wrap(
                                new byte[] {
                                    (byte) 0xff,
                                    (byte) 0xd8,
                                    (byte) sequence,
                                    (byte) 0xff,
                                    (byte) 0xd9
                                }))
                .setSource(
                        SourceMetadata.newBuilder()
                                .setSourceUri("file:/demo/sample1.jpg")
                                .setProducerId("it")
                                .build())
                .build();
    }

    static ExpressionEvent trackEnded() {
        List<LabelProbability> probabilities =
                List.of(
                        LabelProbability.newBuilder()
                                .setLabel("happy")
                                .setProbability(0.8f)
                                .build(),
                        LabelProbability.newBuilder()
                                .setLabel("neutral")
                                .setProbability(0.2f)
                                .build());
        return ExpressionEvent.newBuilder()
                .setEventId("cam-7/3/ended")
                .setType(ExpressionEventType.TRACK_ENDED)
                .setCameraId("cam-7")
                .setTrackId(3)
                .setEventTime(T0.plusSeconds(5))
                .setFrameSequence(125)
                .setBox(
                        FaceBox.newBuilder()
                                .setX(0.1f)
                                .setY(0.2f)
                                .setWidth(0.3f)
                                .setHeight(0.4f)
                                .build())
                .setDetectionScore(0.93f)
                .setExpression("happy")
                .setConfidence(0.8f)
                .setProbabilities(probabilities)
                .setRawProbabilities(probabilities)
                .setModel(
                        ModelInfo.newBuilder()
                                .setName("face-api-expression")
                                .setVersion("1.7.15")
                                .build())
                .setSummary(
                        TrackSummary.newBuilder()
                                .setStartTime(T0)
                                .setEndTime(T0.plusSeconds(5))
                                .setDurationMillis(5000)
                                .setObservations(125)
                                .setDominantExpression("happy")
                                .setExpressionShare(
                                        List.of(
                                                LabelShare.newBuilder()
                                                        .setLabel("happy")
                                                        .setShare(1.0f)
                                                        .build()))
                                .build())
                .setProcessedTime(T0.plusSeconds(5).plusMillis(80))
                .setCaptureToEmitMillis(80)
                .build();
    }

    static FrameRejected rejected() {
        return FrameRejected.newBuilder()
                .setReason(RejectReason.DIMENSIONS_MISMATCH)
                .setMessage("header says 1280x720, image is 640x480")
                .setCameraId("cam-7")
                .setFrameSequence(12L)
                .setCaptureTime(T0)
                .setSourceTopic("frames.raw")
                .setSourcePartition(2)
                .setSourceOffset(1234L)
                .setRejectedBy("frame-gate")
                .setRejectedAt(T0.plusMillis(3))
                .build();
    }
}
