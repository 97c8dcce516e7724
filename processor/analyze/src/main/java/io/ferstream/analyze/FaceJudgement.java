package io.ferstream.analyze;

import io.ferstream.inference.Face;
import io.ferstream.processor.tracking.FaceQuality;
import java.util.List;

/**
 * Labels a face as the job does: its most probable expression when {@link FaceQuality} allows the
 * face to be judged, otherwise {@value FaceQuality#UNKNOWN} with no probabilities.
 */
final class FaceJudgement {

    private final FaceQuality quality;
    private final List<String> labels;

    FaceJudgement(FaceQuality quality, List<String> labels) {
        this.quality = quality;
        this.labels = List.copyOf(labels);
    }

    FaceResult judge(Face face, Long track) {
        var detection = face.detection();
        if (!quality.judgeable(detection.width(), detection.score())) {
            return new FaceResult(detection, track, FaceQuality.UNKNOWN, null, null);
        }
        float[] probabilities = face.probabilities().clone();
        int top = face.classification().top();
        return new FaceResult(detection, track, labels.get(top), probabilities[top], probabilities);
    }

    List<String> labels() {
        return labels;
    }
}
