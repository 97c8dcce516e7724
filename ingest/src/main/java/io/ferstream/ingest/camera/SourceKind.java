package io.ferstream.ingest.camera;

/** The kinds of sources the camera CLI reads. */
public enum SourceKind {
    /** A video file (MP4, AVI, MKV, ... anything FFmpeg demuxes). */
    VIDEO_FILE(false),
    /** An RTSP stream (rtsp:// or rtsps://). */
    RTSP(true),
    /** An HTTP(S) stream: MJPEG, HLS, progressive MP4 ... */
    HTTP(true),
    /** A V4L2 webcam such as /dev/video0. */
    V4L2(true),
    /** A folder of images, a glob, or one image file. */
    IMAGES(false);

    private final boolean live;

    SourceKind(boolean live) {
        this.live = live;
    }

    public boolean live() {
        return live;
    }
}
