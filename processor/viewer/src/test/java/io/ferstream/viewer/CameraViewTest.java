package io.ferstream.viewer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.viewer.model.CameraBoard;
import io.ferstream.viewer.model.FrameDelayLine;
import org.junit.jupiter.api.Test;

class CameraViewTest {

    @Test
    void shouldShowAFrameOnlyOnceTheJobHasProcessedTheFramesThatConfirmItsFaces() {
        CameraView view =
                new CameraView(
                        "door-1",
                        new CameraBoard(CameraBoard.Limits.defaults()),
                        new FrameDelayLine(new FrameDelayLine.Limits(1000, 0, 10, 1 << 20)));
        // frames 0..5 at offsets 100, 102, ... of partition 1 (other cameras in between)
        for (int seq = 0; seq < 6; seq++) {
            view.frameArrived(0, seq, 1, 100 + 2L * seq);
        }

        // the job has committed up to offset 107: frames 0..3 processed
        assertTrue(view.processedThrough(0, 3, (p, o) -> p == 1 && o < 107), "frame 3 processed");
        assertFalse(view.processedThrough(1, 3, (p, o) -> p == 1 && o < 107), "frame 4 is not");
        assertFalse(
                view.processedThrough(4, 3, (p, o) -> true),
                "frame 7 has not even arrived: the face in frame 4 may still be unconfirmed");
    }
}
