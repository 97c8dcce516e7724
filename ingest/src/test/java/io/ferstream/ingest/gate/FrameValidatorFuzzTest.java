package io.ferstream.ingest.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ferstream.camera.CameraIds;
import io.ferstream.image.ImageLimits;
import io.ferstream.schema.CameraFrame;
import io.ferstream.schema.ImageEncoding;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * The gate's rules on any frame a producer can write: keys and camera ids of any characters and
 * length, any numbers, any image bytes. The verdict is an acceptance of a well-formed frame, or a
 * reason whose message is short printable ASCII (it goes to Kafka and to logs); never an exception.
 * Every build runs the seeds and fuzzes for a few seconds.
 */
class FrameValidatorFuzzTest {

    private static final FrameValidator VALIDATOR =
            new FrameValidator(
                    new FrameRules(
                            new ImageLimits(1 << 20, 1920, 1080),
                            Duration.ofSeconds(60),
                            Duration.ofSeconds(60),
                            Set.of()));

    @FuzzTest(maxDuration = "10s")
    void anyFrameGetsAVerdictWithASafeMessage(FuzzedDataProvider data) {
        String key = data.consumeBoolean() ? null : data.consumeString(300);
        CameraFrame frame =
                CameraFrame.newBuilder()
                        .setCameraId(data.consumeString(300))
                        .setSequence(data.consumeLong())
                        .setCaptureTime(Instant.ofEpochMilli(data.consumeLong(0, 1L << 45)))
                        .setWidth(data.consumeInt())
                        .setHeight(data.consumeInt())
                        .setEncoding(data.pickValue(ImageEncoding.values()))
                        .setImage(ByteBuffer.wrap(data.consumeBytes(4096)))
                        .build();
        long entered = data.consumeLong(0, 1L << 45);

        Verdict verdict = VALIDATOR.validate(key, frame, entered);

        if (verdict.accepted()) {
            assertTrue(CameraIds.isValid(frame.getCameraId()));
            assertEquals(frame.getCameraId(), key);
            return;
        }
        assertNotNull(verdict.reason());
        String message = verdict.message();
        assertTrue(message.length() < 1000, "short: " + message.length());
        assertTrue(
                message.chars().allMatch(c -> c >= 0x20 && c < 0x7f),
                "printable ASCII: " + CameraIds.quoted(message));
    }
}
