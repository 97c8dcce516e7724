package io.ferstream.ingest.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.image.ImageLimits;
import io.ferstream.ingest.TestImages;
import io.ferstream.schema.CameraFrame;
import io.ferstream.schema.ImageEncoding;
import io.ferstream.schema.RejectReason;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FrameValidatorTest {

    private static final long NOW = Instant.parse("2025-01-01T12:00:00Z").toEpochMilli();
    private static final byte[] JPEG_64x48 = TestImages.jpeg(64, 48);
    private static final FrameRules RULES =
            new FrameRules(
                    new ImageLimits(100_000, 1920, 1080),
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(30),
                    Set.of());

    private static CameraFrame.Builder frame() {
        return CameraFrame.newBuilder()
                .setCameraId("cam-1")
                .setSequence(1)
                .setCaptureTime(Instant.ofEpochMilli(NOW - 100))
                .setWidth(64)
                .setHeight(48)
                .setEncoding(ImageEncoding.JPEG)
                .setImage(ByteBuffer.wrap(JPEG_64x48));
    }

    private static Verdict validate(FrameRules rules, String key, CameraFrame.Builder frame) {
        return new FrameValidator(rules).validate(key, frame.build(), NOW);
    }

    @Test
    void shouldAcceptAWellFormedRecentFrame() {
        Verdict verdict = validate(RULES, "cam-1", frame());

        assertTrue(verdict.accepted(), verdict.message());
    }

    @Test
    void shouldRejectARecordWithoutKey() {
        assertEquals(RejectReason.MISSING_KEY, validate(RULES, null, frame()).reason());
        assertEquals(RejectReason.MISSING_KEY, validate(RULES, "", frame()).reason());
    }

    @Test
    void shouldRejectAKeyThatDiffersFromTheCameraId() {
        Verdict verdict = validate(RULES, "cam-2", frame());

        assertEquals(RejectReason.MISSING_KEY, verdict.reason());
        assertTrue(
                verdict.message().contains("cam-2") && verdict.message().contains("cam-1"),
                verdict.message());
    }

    @Test
    void shouldRejectCameraIdsOutsideThePolicyBeforeAnyOtherRule() {
        for (String id : new String[] {"x".repeat(5000), "cam\n1", "cam\"1", "cam\u00001"}) {
            Verdict verdict = validate(RULES, id, frame().setCameraId(id));

            assertEquals(RejectReason.INVALID_CAMERA_ID, verdict.reason());
            assertTrue(verdict.message().length() < 200, verdict.message());
            assertTrue(
                    verdict.message().chars().allMatch(c -> c >= 0x20 && c < 0x7f),
                    "printable: " + verdict.message());
        }
        Verdict hostileKey = validate(RULES, "k\n" + "y".repeat(5000), frame());
        assertEquals(RejectReason.MISSING_KEY, hostileKey.reason());
        assertTrue(hostileKey.message().length() < 200, "the key is cut short in the message");
    }

    @Test
    void shouldRejectCamerasMissingFromTheAllowList() {
        FrameRules allowOnlyCam9 =
                new FrameRules(
                        new ImageLimits(100_000, 1920, 1080),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(30),
                        Set.of("cam-9"));

        assertEquals(
                RejectReason.CAMERA_NOT_ALLOWED,
                validate(allowOnlyCam9, "cam-1", frame()).reason());
        assertTrue(validate(allowOnlyCam9, "cam-9", frame().setCameraId("cam-9")).accepted());
    }

    @Test
    void shouldRejectEncodingsOtherThanJpeg() {
        assertEquals(
                RejectReason.UNSUPPORTED_ENCODING,
                validate(RULES, "cam-1", frame().setEncoding(ImageEncoding.UNKNOWN)).reason());
    }

    @Test
    void shouldRejectImagesOverTheByteLimit() {
        FrameRules tiny =
                new FrameRules(
                        new ImageLimits(JPEG_64x48.length - 1, 1920, 1080),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(30),
                        Set.of());

        Verdict verdict = validate(tiny, "cam-1", frame());

        assertEquals(RejectReason.IMAGE_TOO_LARGE, verdict.reason());
        assertTrue(
                verdict.message().contains(Integer.toString(JPEG_64x48.length)), verdict.message());
    }

    @Test
    void shouldRejectBytesThatAreNotAReadableJpeg() {
        byte[] garbage = {1, 2, 3, 4, 5, 6, 7, 8};

        assertEquals(
                RejectReason.BAD_IMAGE,
                validate(RULES, "cam-1", frame().setImage(ByteBuffer.wrap(garbage))).reason());
        assertEquals(
                RejectReason.BAD_IMAGE,
                validate(RULES, "cam-1", frame().setImage(ByteBuffer.allocate(0))).reason());
    }

    @Test
    void shouldRejectDeclaredDimensionsThatDifferFromTheJpeg() {
        Verdict verdict = validate(RULES, "cam-1", frame().setWidth(48).setHeight(64));

        assertEquals(RejectReason.DIMENSIONS_MISMATCH, verdict.reason());
        assertTrue(
                verdict.message().contains("48x64") && verdict.message().contains("64x48"),
                verdict.message());
    }

    @Test
    void shouldRejectImagesOverTheDimensionLimits() {
        FrameRules small =
                new FrameRules(
                        new ImageLimits(100_000, 32, 1080),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(30),
                        Set.of());

        assertEquals(RejectReason.IMAGE_TOO_LARGE, validate(small, "cam-1", frame()).reason());
    }

    @Test
    void shouldRejectCaptureTimesAheadOfTheClockBeyondTheSkew() {
        Verdict within =
                validate(RULES, "cam-1", frame().setCaptureTime(Instant.ofEpochMilli(NOW + 2000)));
        Verdict beyond =
                validate(RULES, "cam-1", frame().setCaptureTime(Instant.ofEpochMilli(NOW + 2001)));

        assertTrue(within.accepted(), within.message());
        assertEquals(RejectReason.FUTURE_TIMESTAMP, beyond.reason());
    }

    @Test
    void shouldRejectFramesOlderThanTheStalenessBound() {
        Verdict within =
                validate(
                        RULES, "cam-1", frame().setCaptureTime(Instant.ofEpochMilli(NOW - 30_000)));
        Verdict beyond =
                validate(
                        RULES, "cam-1", frame().setCaptureTime(Instant.ofEpochMilli(NOW - 30_001)));

        assertTrue(within.accepted(), within.message());
        assertEquals(RejectReason.STALE, beyond.reason());
    }

    @Test
    void shouldNeverPutImageBytesInMessages() {
        Verdict verdict = validate(RULES, "cam-1", frame().setWidth(1));

        assertTrue(verdict.message().length() < 200, verdict.message());
    }
}
