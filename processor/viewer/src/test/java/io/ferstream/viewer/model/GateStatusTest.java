package io.ferstream.viewer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GateStatusTest {

    @Test
    void shouldReadTheGatesJsonAndIgnoreFieldsItDoesNotKnow() {
        String json =
                "{\"cameraId\":\"lobby\",\"firstSeenMs\":1,\"lastSeenMs\":1700000000000,"
                    + "\"lastAcceptedCaptureTimeMs\":5,\"lastAcceptedSequence\":42,\"accepted\":40,"
                    + "\"rejected\":{\"RATE_LIMITED\":3,\"STALE\":1},\"receivedFps\":4.2,"
                    + "\"acceptedFps\":4.0,\"windowStartMs\":0,\"windowReceived\":2,"
                    + "\"windowAccepted\":2,\"someFutureField\":true}";

        GateStatus s = GateStatus.parse(json.getBytes(StandardCharsets.UTF_8));

        assertEquals("lobby", s.cameraId());
        assertEquals(4.2, s.receivedFps());
        assertEquals(4.0, s.acceptedFps());
        assertEquals(40, s.accepted());
        assertEquals(Map.of("RATE_LIMITED", 3L, "STALE", 1L), s.rejected());
        assertEquals(4, s.rejectedTotal());
        assertEquals(1700000000000L, s.lastSeenMs());
        assertEquals(42L, s.lastAcceptedSequence());
    }

    @Test
    void shouldRefuseWhatIsNotAStatus() {
        assertThrows(IllegalArgumentException.class, () -> GateStatus.parse("[]".getBytes()));
        assertThrows(IllegalArgumentException.class, () -> GateStatus.parse("{".getBytes()));
        assertNull(
                GateStatus.parse("{\"cameraId\":\"a\",\"lastAcceptedSequence\":null}".getBytes())
                        .lastAcceptedSequence());
    }
}
