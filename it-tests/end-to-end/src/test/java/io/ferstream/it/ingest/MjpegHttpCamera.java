package io.ferstream.it.ingest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An IP camera as many real ones are: Motion JPEG over HTTP ({@code multipart/x-mixed-replace}, one
 * JPEG per part, with Content-Length). Connection {@code i} streams {@code framesPerConnection}
 * copies of {@code sessions.get(i)} and then drops the connection, as a camera does when its
 * network or power flickers; once every session was served, it answers 503, as a camera that stays
 * down.
 */
final class MjpegHttpCamera implements AutoCloseable {
    private static final String BOUNDARY = "ferstreamframe";

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final List<byte[]> sessions;
    private final int framesPerConnection;
    private final long frameIntervalMillis;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    MjpegHttpCamera(List<byte[]> sessions, int framesPerConnection, long frameIntervalMillis)
            throws IOException {
        this.sessions = List.copyOf(sessions);
        this.framesPerConnection = framesPerConnection;
        this.frameIntervalMillis = frameIntervalMillis;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/stream.mjpg", this::serve);
        server.setExecutor(handlers);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/stream.mjpg";
    }

    /** Connections that were streamed to. */
    int served() {
        return Math.min(connections.get(), sessions.size());
    }

    /** Requests answered 503 (FFmpeg through javacv may ask twice per open). */
    int refused() {
        return refused.get();
    }

    private void serve(HttpExchange exchange) throws IOException {
        int session = connections.getAndIncrement();
        if (session >= sessions.size()) {
            refused.incrementAndGet();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
            return;
        }
        byte[] jpeg = sessions.get(session);
        exchange.getResponseHeaders()
                .set("Content-Type", "multipart/x-mixed-replace; boundary=" + BOUNDARY);
        exchange.sendResponseHeaders(200, 0); // chunked: a stream has no length
        try (OutputStream body = exchange.getResponseBody()) {
            for (int i = 0; i < framesPerConnection; i++) {
                String header =
                        "--"
                                + BOUNDARY
                                + "\r\nContent-Type: image/jpeg\r\nContent-Length: "
                                + jpeg.length
                                + "\r\n\r\n";
                body.write(header.getBytes(StandardCharsets.US_ASCII));
                body.write(jpeg);
                body.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                body.flush();
                Thread.sleep(frameIntervalMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away first; nothing to do
        }
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
