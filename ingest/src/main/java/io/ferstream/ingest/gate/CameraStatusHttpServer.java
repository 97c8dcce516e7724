package io.ferstream.ingest.gate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /cameras} (JSON array of statuses) and {@code GET /cameras/{id}} (one status, or 404)
 * over the JDK's HTTP server. Answers 503 while Kafka Streams is rebalancing or starting. Serves
 * this instance's stores only: with several gate instances, ask each (or put them behind a load
 * balancer that fans out).
 */
public final class CameraStatusHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CameraStatusHttpServer.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final CameraStatusView view;
    private final Supplier<String> prometheusText;

    /**
     * @param prometheusText the page served at {@code /metrics} (Prometheus' text format)
     */
    public CameraStatusHttpServer(
            CameraStatusView view, Supplier<String> prometheusText, InetSocketAddress address)
            throws IOException {
        this.view = view;
        this.prometheusText = prometheusText;
        this.server = HttpServer.create(address, 0);
        this.executor =
                Executors.newFixedThreadPool(
                        2,
                        r -> {
                            Thread t = new Thread(r, "camera-status-http");
                            t.setDaemon(true);
                            return t;
                        });
        server.setExecutor(executor);
        server.createContext("/cameras", this::handle);
        server.createContext("/metrics", this::metrics);
        server.start();
        LOG.info("camera status endpoint on http://{}:{}/cameras", address.getHostString(), port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 405, Map.of("error", "only GET is supported"));
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            String rest =
                    path.length() > "/cameras".length() ? path.substring("/cameras".length()) : "";
            try {
                if (rest.isEmpty() || rest.equals("/")) {
                    send(exchange, 200, view.all());
                    return;
                }
                String id = URLDecoder.decode(rest.substring(1), StandardCharsets.UTF_8);
                Optional<CameraStatus> status = view.get(id);
                if (status.isPresent()) {
                    send(exchange, 200, status.get());
                } else {
                    send(
                            exchange,
                            404,
                            Map.of(
                                    "error",
                                    "no status for camera '" + id + "' on this gate instance"));
                }
            } catch (InvalidStateStoreException e) {
                send(
                        exchange,
                        503,
                        Map.of(
                                "error",
                                "camera status store not available yet (starting or rebalancing);"
                                        + " retry"));
            }
        } catch (RuntimeException e) {
            LOG.warn("status request failed", e);
        }
    }

    private void metrics(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] page = prometheusText.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders()
                    .set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            }
        } catch (RuntimeException e) {
            LOG.warn("metrics request failed", e);
        }
    }

    private static void send(HttpExchange exchange, int code, Object body) throws IOException {
        byte[] json = CameraStatusSerde.toJson(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(code, json.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(json);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
