package io.ferstream.viewer.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The viewer's HTTP surface on the JDK's HTTP server: the page and its script from the jar's
 * resources, a JSON snapshot, the server-sent event stream, and the rendered (blurred) frames.
 * Every route but {@code /healthz} passes the {@link AccessGuard} first.
 *
 * <pre>
 * GET /                              the page
 * GET /viewer.js, /viewer.css        its script and style
 * GET /api/state                     cameras, recent events, dead letters, job health (JSON)
 * GET /api/stream?camera=ID          server-sent events (camera optional)
 * GET /api/cameras/ID/frame.jpg?seq=N  a rendered frame (the latest without seq)
 * GET /healthz                       "ok": for load balancers and compose health checks
 * </pre>
 */
public final class ViewerHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ViewerHttpServer.class);

    /** What the routes serve; implemented by the viewer. */
    public interface Content {
        /** The snapshot as JSON. */
        byte[] stateJson();

        /** A rendered frame, or null when there is none (yet, or any more). */
        Frame frame(String cameraId, Long sequence);

        /** Queues the snapshot a new page starts from. */
        void greet(SseHub.Client client);
    }

    /** A rendered JPEG and the sequence of the frame it shows. */
    public record Frame(long sequence, byte[] jpeg) {}

    private static final Map<String, String> STATIC =
            Map.of(
                    "/", "index.html",
                    "/index.html", "index.html",
                    "/viewer.js", "viewer.js",
                    "/viewer.css", "viewer.css");

    private final HttpServer server;
    private final ExecutorService executor;
    private final AccessGuard guard;
    private final SseHub hub;
    private final Content content;

    public ViewerHttpServer(
            InetSocketAddress address, AccessGuard guard, SseHub hub, Content content)
            throws IOException {
        this.guard = guard;
        this.hub = hub;
        this.content = content;
        this.server = HttpServer.create(address, 0);
        // Each open page holds a thread for its stream; the pool is bounded by the pages allowed
        // plus a few for plain requests, and refuses beyond (the JDK server then drops the
        // connection; browsers retry).
        this.executor =
                new ThreadPoolExecutor(
                        2,
                        hub.maxClients() + 8,
                        30,
                        TimeUnit.SECONDS,
                        new SynchronousQueue<>(),
                        r -> {
                            Thread t = new Thread(r, "viewer-http");
                            t.setDaemon(true);
                            return t;
                        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            Headers headers = exchange.getResponseHeaders();
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Referrer-Policy", "no-referrer");
            headers.set("X-Frame-Options", "DENY");
            headers.set(
                    "Content-Security-Policy",
                    "default-src 'self'; img-src 'self' blob:; script-src 'self'; style-src"
                            + " 'self'; connect-src 'self'; frame-ancestors 'none'");
            if (!"GET".equals(exchange.getRequestMethod())) {
                sendText(exchange, 405, "only GET is supported");
                return;
            }
            if (path.equals("/healthz")) {
                sendText(exchange, 200, "ok");
                return;
            }
            Headers request = exchange.getRequestHeaders();
            AccessGuard.Verdict verdict =
                    guard.judge(
                            request.getFirst("Host"),
                            request.getFirst("Authorization"),
                            request.getOrDefault("Cookie", List.of()),
                            exchange.getRequestURI().getRawQuery());
            switch (verdict) {
                case NO_TOKEN -> {
                    sendText(
                            exchange,
                            401,
                            "This viewer needs its access token: open /?token=<token> once (it is"
                                    + " then kept in a cookie), or send Authorization: Bearer"
                                    + " <token>.");
                    return;
                }
                case FOREIGN_HOST -> {
                    sendText(
                            exchange,
                            403,
                            "This viewer answers under localhost or 127.0.0.1 only (it is bound"
                                    + " to a loopback address without a token).");
                    return;
                }
                case ALLOW_AND_SET_COOKIE -> {
                    headers.add("Set-Cookie", guard.cookie());
                    if (STATIC.containsKey(path)) {
                        // Keep the token out of the address bar and the history.
                        headers.set("Location", path);
                        exchange.sendResponseHeaders(303, -1);
                        return;
                    }
                }
                case ALLOW -> {}
            }
            route(exchange, path);
        } catch (IOException e) {
            // A page that went away mid-stream: normal.
            LOG.debug("request ended: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("request to {} failed", exchange.getRequestURI().getRawPath(), e);
        }
    }

    private void route(HttpExchange exchange, String path)
            throws IOException, InterruptedException {
        String resource = STATIC.get(path);
        if (resource != null) {
            serveResource(exchange, resource);
        } else if (path.equals("/api/state")) {
            send(exchange, 200, "application/json; charset=utf-8", content.stateJson());
        } else if (path.equals("/api/stream")) {
            stream(exchange);
        } else if (path.startsWith("/api/cameras/") && path.endsWith("/frame.jpg")) {
            String id =
                    URLDecoder.decode(
                            path.substring(
                                    "/api/cameras/".length(),
                                    path.length() - "/frame.jpg".length()),
                            StandardCharsets.UTF_8);
            String seq = AccessGuard.queryParameter(exchange.getRequestURI().getRawQuery(), "seq");
            Long sequence = null;
            if (seq != null) {
                try {
                    sequence = Long.parseLong(seq);
                } catch (NumberFormatException e) {
                    sendText(exchange, 400, "seq must be a number");
                    return;
                }
            }
            Frame frame = content.frame(id, sequence);
            if (frame == null) {
                sendText(exchange, 404, "no such frame (any more)");
                return;
            }
            exchange.getResponseHeaders().set("X-Frame-Sequence", Long.toString(frame.sequence()));
            send(exchange, 200, "image/jpeg", frame.jpeg());
        } else {
            sendText(exchange, 404, "not found");
        }
    }

    private void stream(HttpExchange exchange) throws IOException, InterruptedException {
        String camera =
                AccessGuard.queryParameter(exchange.getRequestURI().getRawQuery(), "camera");
        if (camera != null && camera.isEmpty()) {
            camera = null;
        }
        Headers h = exchange.getResponseHeaders();
        h.set("Content-Type", "text/event-stream; charset=utf-8");
        h.set("Cache-Control", "no-store");
        h.set("X-Accel-Buffering", "no");
        if (hub.size() >= hub.maxClients()) {
            sendText(exchange, 503, "too many open pages; close one and retry");
            return;
        }
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            hub.serve(camera, out, content::greet);
        }
    }

    private void serveResource(HttpExchange exchange, String name) throws IOException {
        try (InputStream in = ViewerHttpServer.class.getResourceAsStream("/viewer/" + name)) {
            if (in == null) {
                sendText(exchange, 404, "not found");
                return;
            }
            String type =
                    name.endsWith(".html")
                            ? "text/html; charset=utf-8"
                            : name.endsWith(".js")
                                    ? "text/javascript; charset=utf-8"
                                    : "text/css; charset=utf-8";
            send(exchange, 200, type, in.readAllBytes());
        }
    }

    private static void sendText(HttpExchange exchange, int code, String text) throws IOException {
        send(exchange, code, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int code, String type, byte[] body)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Ends the page streams, then stops the server. */
    @Override
    public void close() {
        hub.close();
        server.stop(0);
        executor.shutdownNow();
    }
}
