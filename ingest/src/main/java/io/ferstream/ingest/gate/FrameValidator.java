package io.ferstream.ingest.gate;

import io.ferstream.ingest.image.JpegHeader;
import io.ferstream.ingest.image.JpegHeaderParser;
import io.ferstream.ingest.image.MalformedJpegException;
import io.ferstream.schema.CameraFrame;
import io.ferstream.schema.ImageEncoding;
import io.ferstream.schema.RejectReason;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The gate's stateless rules for one decoded frame. Pure logic: no Kafka types, the clock is an
 * argument. Checks run cheapest first, and the first failing rule gives the verdict:
 * key, allow-list, encoding, size, JPEG header, dimensions, future skew, staleness.
 */
public final class FrameValidator {

  private final FrameRules rules;

  public FrameValidator(FrameRules rules) {
    this.rules = Objects.requireNonNull(rules, "rules");
  }

  /**
   * @param key the record key as UTF-8 text, or null when the record had none
   * @param frame the decoded value
   * @param nowMillis the gate's clock (epoch millis)
   */
  public Verdict validate(String key, CameraFrame frame, long nowMillis) {
    String cameraId = frame.getCameraId();
    if (key == null || key.isEmpty()) {
      return Verdict.reject(RejectReason.MISSING_KEY,
          "record has no key; the key must be the camera id '" + cameraId + "' so the camera's frames stay on one partition");
    }
    if (!key.equals(cameraId)) {
      return Verdict.reject(RejectReason.MISSING_KEY,
          "record key '" + key + "' differs from the value's camera id '" + cameraId + "'");
    }
    if (!rules.allowedCameras().isEmpty() && !rules.allowedCameras().contains(cameraId)) {
      return Verdict.reject(RejectReason.CAMERA_NOT_ALLOWED, "camera '" + cameraId + "' is not on the gate's allow-list");
    }
    if (frame.getEncoding() != ImageEncoding.JPEG) {
      return Verdict.reject(RejectReason.UNSUPPORTED_ENCODING, "encoding " + frame.getEncoding() + " is not supported; only JPEG is");
    }
    ByteBuffer image = frame.getImage();
    int size = image == null ? 0 : image.remaining();
    if (size > rules.maxImageBytes()) {
      return Verdict.reject(RejectReason.IMAGE_TOO_LARGE,
          "image is " + size + " bytes, more than the limit of " + rules.maxImageBytes());
    }
    JpegHeader header;
    try {
      header = JpegHeaderParser.parse(bytesOf(image));
    } catch (MalformedJpegException e) {
      return Verdict.reject(RejectReason.BAD_IMAGE, "image is not a readable JPEG: " + e.getMessage());
    }
    if (header.width() != frame.getWidth() || header.height() != frame.getHeight()) {
      return Verdict.reject(RejectReason.DIMENSIONS_MISMATCH,
          "record says " + frame.getWidth() + "x" + frame.getHeight() + " but the JPEG is " + header.width() + "x" + header.height());
    }
    if (header.width() > rules.maxWidth() || header.height() > rules.maxHeight()) {
      return Verdict.reject(RejectReason.IMAGE_TOO_LARGE,
          "image is " + header.width() + "x" + header.height() + ", over the limit of " + rules.maxWidth() + "x" + rules.maxHeight());
    }
    long captureMillis = frame.getCaptureTime().toEpochMilli();
    long aheadMillis = captureMillis - nowMillis;
    if (aheadMillis > rules.maxFutureSkew().toMillis()) {
      return Verdict.reject(RejectReason.FUTURE_TIMESTAMP,
          "capture time is " + aheadMillis + " ms ahead of the gate's clock (limit " + rules.maxFutureSkew().toMillis() + " ms)");
    }
    long ageMillis = nowMillis - captureMillis;
    if (ageMillis > rules.maxAge().toMillis()) {
      return Verdict.reject(RejectReason.STALE,
          "frame is " + ageMillis + " ms old, older than the limit of " + rules.maxAge().toMillis() + " ms");
    }
    return Verdict.accept();
  }

  private static byte[] bytesOf(ByteBuffer buffer) {
    if (buffer == null) {
      return new byte[0];
    }
    ByteBuffer view = buffer.duplicate();
    byte[] bytes = new byte[view.remaining()];
    view.get(bytes);
    return bytes;
  }
}
