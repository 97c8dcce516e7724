package io.ferstream.viewer.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Server-sent events to the open pages. Each page has a bounded queue: a page that cannot keep up
 * (a stalled network, a background tab) is disconnected instead of buffering without end, and its
 * EventSource connects again and gets a fresh snapshot. Pages are at most {@code maxClients}.
 */
public final class SseHub {

    /** Messages queued per page at most. */
    static final int QUEUE = 256;

    private static final long HEARTBEAT_MS = 10_000;

    /** One open page. */
    public final class Client {
        private final String camera;
        private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE);
        private volatile boolean closed;

        private Client(String camera) {
            this.camera = camera;
        }

        /** The camera this page shows, or null. */
        public String camera() {
            return camera;
        }

        /** Queues a message; a page whose queue is full is closed. */
        public void send(String event, String json) {
            if (closed) {
                return;
            }
            if (!queue.offer(format(event, json))) {
                closed = true;
            }
        }

        /**
         * Writes queued messages to {@code out} until the page goes away or the hub closes. Runs on
         * the HTTP server's thread for this request.
         */
        void pump(OutputStream out) throws IOException, InterruptedException {
            out.write("retry: 1000\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (!closed && open) {
                String message = queue.poll(HEARTBEAT_MS, TimeUnit.MILLISECONDS);
                // A comment line as heartbeat: a page that went away shows as a failed write.
                out.write(
                        (message == null ? ": heartbeat\n\n" : message)
                                .getBytes(StandardCharsets.UTF_8));
                if (queue.isEmpty()) {
                    out.flush();
                }
            }
        }
    }

    private final int maxClients;
    private final Set<Client> clients = new CopyOnWriteArraySet<>();
    private volatile boolean open = true;

    public SseHub(int maxClients) {
        this.maxClients = maxClients;
    }

    /**
     * Registers a page and serves it until it goes away; {@code greet} queues its first messages
     * (the snapshot) before anything else reaches it. Returns false at once when the hub is full.
     */
    public boolean serve(String camera, OutputStream out, Consumer<Client> greet)
            throws IOException, InterruptedException {
        if (clients.size() >= maxClients || !open) {
            return false;
        }
        Client client = new Client(camera);
        clients.add(client);
        try {
            greet.accept(client);
            client.pump(out);
        } finally {
            client.closed = true;
            clients.remove(client);
        }
        return true;
    }

    /** Sends to every page. */
    public void broadcast(String event, String json) {
        String message = format(event, json);
        for (Client c : clients) {
            if (!c.closed && !c.queue.offer(message)) {
                c.closed = true;
            }
        }
    }

    /** Sends to the pages showing {@code camera}. */
    public void toCamera(String camera, String event, String json) {
        for (Client c : clients) {
            if (camera.equals(c.camera)) {
                c.send(event, json);
            }
        }
    }

    /** How many pages show {@code camera}. */
    public int viewers(String camera) {
        int n = 0;
        for (Client c : clients) {
            if (camera.equals(c.camera)) {
                n++;
            }
        }
        return n;
    }

    public int size() {
        return clients.size();
    }

    /** Ends every page's stream (they reconnect to whoever serves next). */
    public void close() {
        open = false;
        for (Client c : clients) {
            c.closed = true;
            c.queue.offer(": closing\n\n"); // wakes its pump at once
        }
    }

    static String format(String event, String json) {
        // JSON from Jackson has no raw newlines, so one data line carries it.
        return "event: " + event + "\ndata: " + json + "\n\n";
    }

    public int maxClients() {
        return maxClients;
    }
}
