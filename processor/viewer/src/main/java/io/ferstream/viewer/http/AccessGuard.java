package io.ferstream.viewer.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Who may see the viewer. Without a token (bound to a loopback address only) any local client may,
 * but only under a local host name: a web page elsewhere that points its own host name at 127.0.0.1
 * (DNS rebinding) is refused by its Host header. With a token, a request must carry it: as {@code
 * Authorization: Bearer}, as the cookie the page gets when it is first opened with {@code
 * ?token=...}, or as that query parameter. Tokens are compared in constant time and never logged.
 */
public final class AccessGuard {

    public static final String COOKIE = "ferstream_viewer";

    /** What to do with a request. */
    public enum Verdict {
        /** Serve it. */
        ALLOW,
        /** Serve it, and set the cookie: the token came as a query parameter. */
        ALLOW_AND_SET_COOKIE,
        /** 401: no token or a wrong one. */
        NO_TOKEN,
        /** 403: a Host header that is not this server's local name. */
        FOREIGN_HOST
    }

    private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final byte[] token;

    /**
     * @param token the token requests must carry, or null when bound to loopback only
     */
    public AccessGuard(String token) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Judges a request from its headers and query.
     *
     * @param host the Host header, or null
     * @param authorization the Authorization header, or null
     * @param cookies the Cookie headers (possibly empty)
     * @param rawQuery the raw query string, or null
     */
    public Verdict judge(String host, String authorization, List<String> cookies, String rawQuery) {
        if (token == null) {
            return isLocalHost(host) ? Verdict.ALLOW : Verdict.FOREIGN_HOST;
        }
        if (authorization != null
                && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && matches(authorization.substring(7).trim())) {
            return Verdict.ALLOW;
        }
        for (String header : cookies) {
            for (String part : header.split(";")) {
                String p = part.trim();
                if (p.startsWith(COOKIE + "=") && matches(p.substring(COOKIE.length() + 1))) {
                    return Verdict.ALLOW;
                }
            }
        }
        String fromQuery = queryParameter(rawQuery, "token");
        if (fromQuery != null && matches(fromQuery)) {
            return Verdict.ALLOW_AND_SET_COOKIE;
        }
        return Verdict.NO_TOKEN;
    }

    /** The Set-Cookie header value carrying the token: not readable by scripts, same site only. */
    public String cookie() {
        return COOKIE
                + "="
                + new String(token, StandardCharsets.UTF_8)
                + "; Path=/; HttpOnly; SameSite=Strict";
    }

    private boolean matches(String candidate) {
        return MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
    }

    static boolean isLocalHost(String hostHeader) {
        if (hostHeader == null) {
            return false;
        }
        String h = hostHeader.trim().toLowerCase(Locale.ROOT);
        String name;
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            name = end < 0 ? h : h.substring(0, end + 1);
        } else {
            int colon = h.indexOf(':');
            name = colon < 0 ? h : h.substring(0, colon);
        }
        return LOCAL_HOSTS.contains(name);
    }

    /** A query parameter's decoded value, or null. */
    public static String queryParameter(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                return eq < 0
                        ? ""
                        : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
