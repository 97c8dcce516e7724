package io.ferstream.ingest.image;

/** The bytes are not a JPEG whose header can be read. The message never contains the bytes. */
public final class MalformedJpegException extends Exception {
  private static final long serialVersionUID = 1L;

  public MalformedJpegException(String message) {
    super(message);
  }
}
