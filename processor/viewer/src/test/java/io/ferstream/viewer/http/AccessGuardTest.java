package io.ferstream.viewer.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.viewer.http.AccessGuard.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessGuardTest {

    private static final String TOKEN = "s3cret-token-0123456789";

    @Test
    void shouldServeLocalNamesOnlyWhenBoundToLoopbackWithoutAToken() {
        AccessGuard guard = new AccessGuard(null);
        assertEquals(Verdict.ALLOW, guard.judge("localhost:8070", null, List.of(), null));
        assertEquals(Verdict.ALLOW, guard.judge("127.0.0.1:8070", null, List.of(), null));
        assertEquals(Verdict.ALLOW, guard.judge("[::1]:8070", null, List.of(), null));
        // DNS rebinding: a page of evil.example whose name now resolves to 127.0.0.1
        assertEquals(Verdict.FOREIGN_HOST, guard.judge("evil.example:8070", null, List.of(), null));
        assertEquals(Verdict.FOREIGN_HOST, guard.judge(null, null, List.of(), null));
    }

    @Test
    void shouldAskForTheTokenInHeaderCookieOrQuery() {
        AccessGuard guard = new AccessGuard(TOKEN);
        assertEquals(Verdict.NO_TOKEN, guard.judge("viewer:8070", null, List.of(), null));
        assertEquals(Verdict.ALLOW, guard.judge("viewer:8070", "Bearer " + TOKEN, List.of(), null));
        assertEquals(
                Verdict.ALLOW,
                guard.judge(
                        "viewer:8070",
                        null,
                        List.of("theme=dark; " + AccessGuard.COOKIE + "=" + TOKEN),
                        null));
        assertEquals(
                Verdict.ALLOW_AND_SET_COOKIE,
                guard.judge("viewer:8070", null, List.of(), "camera=a&token=" + TOKEN));
        assertEquals(
                Verdict.NO_TOKEN,
                guard.judge("viewer:8070", "Bearer wrong", List.of(), "token=" + TOKEN + "x"));
        assertTrue(guard.cookie().contains("HttpOnly"));
        assertTrue(guard.cookie().contains("SameSite=Strict"));
    }
}
