package io.ferstream.viewer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BoundedCamerasTest {

    @Test
    void shouldKeepTheMostRecentlyTouchedCamerasWithinTheBound() {
        BoundedCameras<String> cameras = new BoundedCameras<>(2);
        cameras.touch("a", id -> id);
        cameras.touch("b", id -> id);
        cameras.touch("a", id -> "again");
        cameras.touch("c", id -> id);

        assertEquals(2, cameras.size());
        assertEquals("a", cameras.peek("a"), "a was touched after b: b went");
        assertNull(cameras.peek("b"));
        assertEquals(1, cameras.evicted());
        assertEquals("c", cameras.entries().get(1).getKey());
    }

    @Test
    void shouldGiveNoEntryToAnInvalidCameraId() {
        BoundedCameras<String> cameras = new BoundedCameras<>(10);
        assertNull(cameras.touch("bad id\n", id -> id));
        assertNull(cameras.touch("x".repeat(5000), id -> id));
        assertNull(cameras.touch("", id -> id));
        assertNotNull(cameras.touch("door-1", id -> id));
        assertEquals(Map.entry("door-1", "door-1"), cameras.entries().get(0));
    }
}
