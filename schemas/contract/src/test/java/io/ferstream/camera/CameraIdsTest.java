package io.ferstream.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CameraIdsTest {

    @Test
    void plainShortNamesAreValid() {
        for (String id : new String[] {"lobby", "door-1", "site.3:cam_07", "A", "9".repeat(128)}) {
            assertTrue(CameraIds.isValid(id), id);
            assertNull(CameraIds.problem(id), id);
        }
    }

    @Test
    void everythingElseIsRefusedWithASafeReason() {
        String[] refused = {
            null,
            "",
            "x".repeat(129),
            "x".repeat(5000),
            "a\nb",
            "a\"b",
            "a'b",
            "a\u0000b",
            "a b",
            "caméra",
            "-lead",
            ".hidden",
            "a/b",
            "a\\b",
            "\u202eevil"
        };
        for (String id : refused) {
            assertFalse(CameraIds.isValid(id), String.valueOf(id));
            String problem = CameraIds.problem(id);
            assertTrue(problem != null && !problem.isEmpty(), String.valueOf(id));
            assertTrue(problem.length() < 200, "short: " + problem);
            for (char c : problem.toCharArray()) {
                assertTrue(c >= 0x20 && c < 0x7f, "printable ASCII only: " + problem);
            }
        }
    }

    @Test
    void aRefusedIdIsShownEscapedAndCut() {
        assertEquals("'a\\u000ab\\u0000'", CameraIds.quoted("a\nb\u0000"));
        assertEquals("'" + "x".repeat(40) + "'...", CameraIds.quoted("x".repeat(5000)));
        assertEquals(
                "the camera id '" + "x".repeat(40) + "'... has 5000 characters, more than 128",
                CameraIds.problem("x".repeat(5000)));
    }
}
