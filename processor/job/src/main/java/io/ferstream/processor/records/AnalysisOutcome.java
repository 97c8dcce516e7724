package io.ferstream.processor.records;

import io.ferstream.processor.tracking.FrameFaces;
import io.ferstream.schema.FrameRejected;

/**
 * What face analysis produced for one frame: the faces found (possibly none), or a dead letter when
 * the image could not be used. Exactly one of the two is set. (An async function has no side
 * outputs, so the split happens in the next operator.)
 */
public class AnalysisOutcome {
    public FrameFaces faces;
    public FrameRejected rejected;

    public AnalysisOutcome() {}

    public static AnalysisOutcome of(FrameFaces faces) {
        AnalysisOutcome o = new AnalysisOutcome();
        o.faces = faces;
        return o;
    }

    public static AnalysisOutcome rejected(FrameRejected rejected) {
        AnalysisOutcome o = new AnalysisOutcome();
        o.rejected = rejected;
        return o;
    }
}
