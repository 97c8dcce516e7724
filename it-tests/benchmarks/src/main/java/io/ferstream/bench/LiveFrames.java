package io.ferstream.bench;

import io.ferstream.schema.CameraFrame;
import java.time.Instant;

/** What each camera sends in a live run: its frame number {@code sequence}, captured now. */
interface LiveFrames {

    CameraFrame frame(int camera, long sequence, Instant captureTime);
}
