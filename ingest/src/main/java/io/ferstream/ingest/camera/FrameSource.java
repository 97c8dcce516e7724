package io.ferstream.ingest.camera;

/** A camera-like producer of decoded frames: a video file, a stream, a webcam or images. */
public interface FrameSource extends AutoCloseable {

    /** Opens the source; a source that cannot be opened throws with the reason. */
    void open() throws SourceException;

    /**
     * The next frame, or null at the end of the source. See {@link CapturedFrame} for ownership.
     */
    CapturedFrame next() throws SourceException;

    /** Live sources (streams, webcams) take the wall clock as capture time and may reconnect. */
    boolean live();

    /** Releases native resources; safe to call twice. */
    @Override
    void close();
}
