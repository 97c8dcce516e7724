package io.ferstream.processor.tracking.internal;

/**
 * Everything the tracker remembers about one face track. A mutable Flink POJO (public fields,
 * no-arg constructor) so it is checkpointed with Flink's POJO serializer, not Kryo.
 */
public class TrackState {

    /** {@link #currentLabel} of a track none of whose faces could be judged yet. */
    public static final int UNKNOWN = -1;

    /**
     * Id, unique and increasing per camera: a camera's first track after its state was cleared
     * takes its capture time in ms x {@link CameraTracker#TRACK_IDS_PER_MILLI}, so no counter
     * outlives them.
     */
    public long trackId;

    /** Confirmed after {@code minHits} observations; only confirmed tracks emit events. */
    public boolean confirmed;

    /** Number of observations (frames the face was seen in). */
    public int observations;

    public long firstSeenMillis;
    public long lastSeenMillis;

    /** Sequence number of the frame of the last observation. */
    public long lastFrameSequence;

    /** Capture time of the track's last emitted event, for the update period. */
    public long lastEventMillis;

    /** Latest observed box, frame pixels. */
    public float x;

    public float y;
    public float width;
    public float height;

    /** Size of the frame of the latest observation, to normalise the box. */
    public int frameWidth;

    public int frameHeight;

    /** Estimated motion of the box centre, pixels per millisecond. */
    public double velocityX;

    public double velocityY;
    public float detectionScore;

    /**
     * Probabilities of the latest observation, model label order; zeros if it could not be judged.
     */
    public float[] rawProbabilities;

    /**
     * Smoothed probabilities, model label order; null until a face of the track could be judged
     * ({@link io.ferstream.processor.tracking.FaceQuality}).
     */
    public double[] smoothed;

    /** Capture time of the last observation whose expression was used. */
    public long lastJudgedMillis;

    /** Index of the current (hysteresis-filtered) expression label, or {@link #UNKNOWN}. */
    public int currentLabel;

    /** Label currently leading by the margin, or {@link ExpressionHysteresis#NONE}. */
    public int challengerLabel = ExpressionHysteresis.NONE;

    public long challengerSinceMillis;

    /** Event time each label has been the current expression, model label order. */
    public long[] millisPerLabel;

    public TrackState() {}

    public Box box() {
        return new Box(x, y, width, height);
    }
}
