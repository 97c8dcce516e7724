package io.ferstream.analyze;

import io.ferstream.inference.Detection;

/**
 * One face of a frame as {@code analyze} reports it.
 *
 * @param detection the box in frame pixels and the detector's score
 * @param track the tracker's id for the face, or null when tracking is off (or the camera already
 *     had the most tracks)
 * @param label the most probable expression, or {@code unknown} when the face is too small or too
 *     doubtful to judge ({@code quality.*})
 * @param probability the probability of {@code label}; null when unknown
 * @param probabilities one per label, in the classifier's order; null when unknown: as in the job,
 *     what could not be judged is not reported as if it could
 */
record FaceResult(
        Detection detection, Long track, String label, Float probability, float[] probabilities) {

    boolean judged() {
        return probabilities != null;
    }
}
