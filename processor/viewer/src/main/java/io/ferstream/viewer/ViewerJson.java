package io.ferstream.viewer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferstream.viewer.flink.JobHealth;
import io.ferstream.viewer.model.CameraBoard;
import io.ferstream.viewer.model.DeadLetterCounts;
import io.ferstream.viewer.model.EventView;
import io.ferstream.viewer.model.GateStatus;
import io.ferstream.viewer.model.MinuteSummaries;
import io.ferstream.viewer.model.NormalizedBox;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON the page reads: one place, so that the page and the server agree on names. */
final class ViewerJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ViewerJson() {}

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write viewer JSON: " + e.getOriginalMessage());
        }
    }

    static Map<String, Object> event(EventView e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("eventId", e.eventId());
        m.put("type", e.type());
        m.put("camera", e.cameraId());
        m.put("trackId", e.trackId());
        m.put("eventTime", e.eventTimeMs());
        m.put("frameSequence", e.frameSequence());
        m.put("expression", e.expression());
        m.put("confidence", e.confidence());
        m.put("receivedAt", e.receivedAtMs());
        if (e.summary() != null) {
            m.put("summary", e.summary());
        }
        return m;
    }

    static Map<String, Object> box(NormalizedBox b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("x", b.x());
        m.put("y", b.y());
        m.put("w", b.width());
        m.put("h", b.height());
        return m;
    }

    static List<Map<String, Object>> liveBoxes(List<CameraBoard.TrackSnapshot> tracks) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (CameraBoard.TrackSnapshot t : tracks) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("trackId", t.trackId());
            m.put("box", box(t.box()));
            m.put("label", t.label());
            m.put("confidence", t.confidence());
            out.add(m);
        }
        return out;
    }

    static Map<String, Object> frame(String camera, CameraView.Shown s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("camera", camera);
        m.put("sequence", s.sequence());
        m.put("captureTime", s.captureTimeMs());
        m.put("shownAt", s.shownAtMs());
        m.put("width", s.rendered().width());
        m.put("height", s.rendered().height());
        m.put("blurred", s.rendered().blurred());
        m.put("blurredRegions", s.rendered().regions());
        m.put("wholeFrameBlurred", s.rendered().wholeFrameBlurred());
        // Whether the job had processed the frame: only then are its boxes known.
        m.put("processed", s.covered());
        m.put(
                "image",
                "/api/cameras/"
                        + URLEncoder.encode(camera, StandardCharsets.UTF_8)
                        + "/frame.jpg?seq="
                        + s.sequence());
        m.put("tracks", liveBoxes(s.tracks()));
        return m;
    }

    static Map<String, Object> board(String camera, List<CameraBoard.TrackSnapshot> tracks) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (CameraBoard.TrackSnapshot t : tracks) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("trackId", t.trackId());
            m.put("label", t.label());
            m.put("confidence", t.confidence());
            m.put("ended", t.ended());
            m.put("timeline", t.timeline());
            m.put("summary", t.summary());
            list.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("camera", camera);
        m.put("tracks", list);
        return m;
    }

    static Map<String, Object> camera(CameraView v, int viewers) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("camera", v.cameraId);
        GateStatus s = v.status();
        if (s != null) {
            Map<String, Object> st = new LinkedHashMap<>();
            st.put("receivedFps", s.receivedFps());
            st.put("acceptedFps", s.acceptedFps());
            st.put("accepted", s.accepted());
            st.put("rejected", s.rejected());
            st.put("lastSeen", s.lastSeenMs());
            m.put("status", st);
        }
        m.put("framesReceived", v.framesReceived());
        m.put("lastFrameAt", v.lastFrameAtMs());
        m.put("liveTracks", v.board.liveTracks().size());
        m.put("viewers", viewers);
        return m;
    }

    static Map<String, Object> summaries(String camera, List<MinuteSummaries.Minute> minutes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("camera", camera);
        m.put("minutes", minutes);
        return m;
    }

    static Map<String, Object> deadLetters(DeadLetterCounts d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total", d.total());
        m.put("byReason", d.byReason());
        m.put("lastAt", d.lastAtMs());
        return m;
    }

    static Map<String, Object> health(JobHealth h, boolean configured) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("configured", configured);
        if (h != null) {
            m.put("health", h);
        }
        return m;
    }
}
