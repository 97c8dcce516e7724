package io.ferstream.viewer;

import io.ferstream.image.FrameImages;
import io.ferstream.image.ImageLimits;
import io.ferstream.image.ImageRejectedException;
import io.ferstream.schema.CameraFrame;
import io.ferstream.schema.ExpressionEvent;
import io.ferstream.schema.ExpressionSummary;
import io.ferstream.schema.FrameRejected;
import io.ferstream.viewer.flink.FlinkHealthPoller;
import io.ferstream.viewer.flink.JobHealth;
import io.ferstream.viewer.http.AccessGuard;
import io.ferstream.viewer.http.SseHub;
import io.ferstream.viewer.http.ViewerHttpServer;
import io.ferstream.viewer.image.FrameRenderer;
import io.ferstream.viewer.kafka.EventViews;
import io.ferstream.viewer.kafka.JobProgress;
import io.ferstream.viewer.kafka.MinuteViews;
import io.ferstream.viewer.kafka.TopicReader;
import io.ferstream.viewer.model.BoundedCameras;
import io.ferstream.viewer.model.CameraBoard;
import io.ferstream.viewer.model.DeadLetterCounts;
import io.ferstream.viewer.model.EventView;
import io.ferstream.viewer.model.FrameDelayLine;
import io.ferstream.viewer.model.GateStatus;
import io.ferstream.viewer.model.RecentEvents;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.CommonClientConfigs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The viewer: reads the topics ({@link TopicReader}), keeps what the page shows in bounded memory
 * (per camera a {@link CameraBoard} and a {@link FrameDelayLine}; recent events; dead letter
 * counts; the job's health), renders the due frame of each camera someone is watching with its
 * faces blurred, and pushes everything to the pages over server-sent events ({@link
 * ViewerHttpServer}). {@link #close()} stops the pages, the consumer and the threads.
 */
public final class ViewerServer implements AutoCloseable, ViewerHttpServer.Content {

    private static final Logger LOG = LoggerFactory.getLogger(ViewerServer.class);

    /**
     * How much larger than the last known box the blurred region is, on every side, as a fraction
     * of the box: a face moves between the events that place it.
     */
    static final double PRIVACY_GROWTH = 0.25;

    /**
     * How long after the job committed a frame it counts as processed: the job's offsets and its
     * events are committed at the same checkpoint but not in a fixed order, and the viewer's
     * consumer reads the events a moment later.
     */
    static final long COMMIT_GRACE_MS = 500;

    /** Open pages at most. */
    static final int MAX_PAGES = 32;

    private final ViewerConfig config;
    private final BoundedCameras<CameraView> cameras;
    private final RecentEvents<Map<String, Object>> recent;
    private final DeadLetterCounts deadLetters = new DeadLetterCounts();
    private final FrameRenderer renderer;
    private final SseHub hub = new SseHub(MAX_PAGES);
    private final FlinkHealthPoller flink;
    private final TopicReader reader;
    private final JobProgress progress;
    private final Thread readerThread;
    private final ScheduledExecutorService ticks;
    private final ViewerHttpServer http;
    private final AtomicLong framesRejected = new AtomicLong();
    private final AtomicLong renderFailures = new AtomicLong();
    private volatile JobHealth health;
    private long deadLettersSent = -1;

    private ViewerServer(ViewerConfig config) throws IOException {
        this.config = config;
        this.cameras = new BoundedCameras<>(config.maxCameras());
        this.recent = new RecentEvents<>(config.recentEvents());
        this.renderer = new FrameRenderer(config.maxWidth(), (float) config.jpegQuality());
        this.flink =
                config.flinkRestUrl() == null
                        ? null
                        : new FlinkHealthPoller(config.flinkRestUrl(), config.flinkJobName());
        // The port first: taken, the viewer stops before it has made a Kafka client.
        this.http =
                new ViewerHttpServer(
                        new InetSocketAddress(config.bindHost(), config.port()),
                        new AccessGuard(config.token()),
                        hub,
                        this);
        Map<String, Object> clients = new HashMap<>(config.kafkaProperties());
        clients.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        try {
            this.reader =
                    new TopicReader(
                            clients,
                            config.registry(),
                            new TopicReader.Topics(
                                    config.framesTopic(),
                                    config.eventsTopic(),
                                    config.deadLetterTopic(),
                                    config.statusTopic(),
                                    config.summariesTopic()),
                            config.history(),
                            new Listener());
        } catch (RuntimeException e) {
            http.close();
            throw e;
        }
        this.progress =
                new JobProgress(
                        clients, config.jobGroupId(), config.framesTopic(), COMMIT_GRACE_MS);
        this.readerThread = new Thread(reader, "viewer-kafka");
        this.readerThread.setDaemon(true);
        this.ticks =
                Executors.newScheduledThreadPool(
                        4,
                        r -> {
                            Thread t = new Thread(r, "viewer-tick");
                            t.setDaemon(true);
                            return t;
                        });
    }

    /** Starts reading, rendering and serving; fails with the reason when the port is taken. */
    public static ViewerServer start(ViewerConfig config) throws IOException {
        ViewerServer viewer = new ViewerServer(config);
        viewer.readerThread.start();
        long frameTick = Math.max(10, Math.round(1000 / config.displayFps()));
        viewer.ticks.scheduleWithFixedDelay(
                viewer.guarded(viewer::renderDueFrames),
                frameTick,
                frameTick,
                TimeUnit.MILLISECONDS);
        viewer.ticks.scheduleWithFixedDelay(
                viewer.guarded(viewer::sendOverview), 1000, 1000, TimeUnit.MILLISECONDS);
        viewer.ticks.scheduleWithFixedDelay(
                viewer.guarded(viewer.progress::refresh), 0, 250, TimeUnit.MILLISECONDS);
        if (viewer.flink != null) {
            viewer.ticks.scheduleWithFixedDelay(
                    viewer.guarded(viewer::readHealth),
                    0,
                    config.healthInterval().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        LOG.info(
                "viewer on {} ({}; faces {})",
                viewer.url(),
                config.requiresToken() ? "token required" : "local clients only",
                config.showFaces() ? "SHOWN UNBLURRED (--show-faces)" : "blurred");
        return viewer;
    }

    /** The page's address (without the token). */
    public String url() {
        String host = config.bindHost();
        if (host.equals("0.0.0.0") || host.equals("::")) {
            host = "localhost";
        } else if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + http.port() + "/";
    }

    public int port() {
        return http.port();
    }

    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                // A failed tick must not cancel the schedule.
                LOG.warn("viewer tick failed", e);
            }
        };
    }

    /** Renders each watched camera's due frame; moves the boards of the others along. */
    private void renderDueFrames() {
        long now = System.currentTimeMillis();
        for (Map.Entry<String, CameraView> entry : cameras.entries()) {
            CameraView view = entry.getValue();
            String camera = entry.getKey();
            FrameDelayLine.Due due =
                    view.delayLine.takeDue(
                            now,
                            f ->
                                    view.processedThrough(
                                            f.sequence(),
                                            config.confirmFrames(),
                                            (partition, offset) ->
                                                    progress.covered(partition, offset, now)));
            if (due != null) {
                view.board.advanceTo(due.frame().sequence());
            }
            boolean watched = hub.viewers(camera) > 0;
            if (due != null && watched) {
                render(camera, view, due, now);
            }
            if (watched && view.boardChangedSinceSent()) {
                hub.toCamera(
                        camera,
                        "board",
                        ViewerJson.write(ViewerJson.board(camera, view.board.timelines())));
            }
        }
    }

    /**
     * Renders a due frame for the pages. A frame the job has processed gets its known faces blurred
     * (live tracks, and faces of events still waiting for their frame); one it has not (the job is
     * down or far behind) is blurred all over, since its faces are not known.
     */
    private void render(String camera, CameraView view, FrameDelayLine.Due due, long now) {
        FrameDelayLine.BufferedFrame frame = due.frame();
        try {
            FrameRenderer.Rendered rendered;
            if (config.showFaces()) {
                rendered = renderer.render(frame.jpeg(), List.of(), true);
            } else if (due.covered()) {
                rendered =
                        renderer.render(frame.jpeg(), view.privacyRegions(PRIVACY_GROWTH), false);
            } else {
                rendered = renderer.renderAllBlurred(frame.jpeg());
            }
            CameraView.Shown shown =
                    new CameraView.Shown(
                            frame.sequence(),
                            frame.captureTimeMs(),
                            rendered,
                            due.covered(),
                            view.board.liveTracks(),
                            now);
            view.shown(shown);
            hub.toCamera(camera, "frame", ViewerJson.write(ViewerJson.frame(camera, shown)));
        } catch (IOException | RuntimeException e) {
            if (renderFailures.incrementAndGet() == 1) {
                LOG.warn(
                        "cannot render a frame of {}: {} (further failures are counted)",
                        camera,
                        e.getMessage());
            }
        }
    }

    private void sendOverview() {
        hub.broadcast("cameras", ViewerJson.write(camerasJson()));
        long version = deadLetters.version();
        if (version != deadLettersSent) {
            deadLettersSent = version;
            hub.broadcast("deadLetters", ViewerJson.write(ViewerJson.deadLetters(deadLetters)));
        }
    }

    private void readHealth() {
        health = flink.read();
        hub.broadcast("health", ViewerJson.write(ViewerJson.health(health, true)));
    }

    private List<Map<String, Object>> camerasJson() {
        List<Map<String, Object>> list = new ArrayList<>();
        List<Map.Entry<String, CameraView>> entries = cameras.entries();
        entries.sort(Map.Entry.comparingByKey());
        for (Map.Entry<String, CameraView> e : entries) {
            list.add(ViewerJson.camera(e.getValue(), hub.viewers(e.getKey())));
        }
        return list;
    }

    private Map<String, Object> hello() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("showFaces", config.showFaces());
        m.put("maxFrameWaitMs", config.maxFrameWait().toMillis());
        m.put("displayFps", config.displayFps());
        m.put("flinkConfigured", flink != null);
        return m;
    }

    @Override
    public byte[] stateJson() {
        Map<String, Object> m = new LinkedHashMap<>(hello());
        m.put("cameras", camerasJson());
        m.put("recentEvents", recent.snapshot());
        m.put("deadLetters", ViewerJson.deadLetters(deadLetters));
        m.put("job", ViewerJson.health(health, flink != null));
        return ViewerJson.write(m).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public ViewerHttpServer.Frame frame(String cameraId, Long sequence) {
        CameraView view = cameras.peek(cameraId);
        CameraView.Shown shown = view == null ? null : view.shown(sequence);
        return shown == null
                ? null
                : new ViewerHttpServer.Frame(shown.sequence(), shown.rendered().jpeg());
    }

    @Override
    public void greet(SseHub.Client client) {
        client.send("hello", ViewerJson.write(hello()));
        client.send("cameras", ViewerJson.write(camerasJson()));
        client.send("recent", ViewerJson.write(recent.snapshot()));
        client.send("deadLetters", ViewerJson.write(ViewerJson.deadLetters(deadLetters)));
        client.send("health", ViewerJson.write(ViewerJson.health(health, flink != null)));
        String camera = client.camera();
        CameraView view = camera == null ? null : cameras.peek(camera);
        if (view != null) {
            client.send(
                    "board", ViewerJson.write(ViewerJson.board(camera, view.board.timelines())));
            client.send(
                    "summaries",
                    ViewerJson.write(ViewerJson.summaries(camera, view.summaries.snapshot())));
            CameraView.Shown last = view.shown((Long) null);
            if (last != null) {
                client.send("frame", ViewerJson.write(ViewerJson.frame(camera, last)));
            }
        }
    }

    private CameraView view(String cameraId) {
        return cameras.touch(
                cameraId,
                id ->
                        new CameraView(
                                id,
                                new CameraBoard(
                                        new CameraBoard.Limits(
                                                512,
                                                config.maxTracksPerCamera(),
                                                config.endedTracksPerCamera(),
                                                config.timelinePoints())),
                                new FrameDelayLine(
                                        new FrameDelayLine.Limits(
                                                config.maxFrameWait().toMillis(),
                                                (long) (1000 / config.displayFps()),
                                                // the longest wait at the display rate, and room
                                                (int)
                                                                Math.ceil(
                                                                        config.maxFrameWait()
                                                                                        .toMillis()
                                                                                / 1000.0
                                                                                * config
                                                                                        .displayFps())
                                                        + 4,
                                                config.maxFrameBytesPerCamera()))));
    }

    /** What the topic reader found goes into the per-camera state; nothing blocks on a page. */
    private final class Listener implements TopicReader.Listener {
        @Override
        public void onFrame(CameraFrame frame, int partition, long offset, long arrivedAtMs) {
            try {
                FrameImages.check(frame, ImageLimits.DEFAULT);
            } catch (ImageRejectedException e) {
                framesRejected.incrementAndGet();
                return;
            }
            CameraView view = view(frame.getCameraId());
            if (view == null) {
                framesRejected.incrementAndGet();
                return;
            }
            view.frameArrived(arrivedAtMs, frame.getSequence(), partition, offset);
            ByteBuffer image = frame.getImage().duplicate();
            byte[] jpeg = new byte[image.remaining()];
            image.get(jpeg);
            view.delayLine.offer(
                    new FrameDelayLine.BufferedFrame(
                            frame.getSequence(),
                            frame.getCaptureTime().toEpochMilli(),
                            arrivedAtMs,
                            frame.getWidth(),
                            frame.getHeight(),
                            partition,
                            offset,
                            jpeg));
        }

        @Override
        public void onEvent(ExpressionEvent event, long arrivedAtMs) {
            CameraView view = view(event.getCameraId());
            if (view == null) {
                return;
            }
            EventView e;
            try {
                e = EventViews.from(event, arrivedAtMs);
            } catch (IllegalArgumentException bad) {
                LOG.debug("event {} has an unusable box: {}", event.getEventId(), bad.getMessage());
                return;
            }
            view.board.offer(e);
            Map<String, Object> json = ViewerJson.event(e);
            recent.add(json);
            hub.broadcast("event", ViewerJson.write(json));
        }

        @Override
        public void onSummary(ExpressionSummary summary) {
            CameraView view = view(summary.getCameraId());
            if (view == null || !view.summaries.offer(MinuteViews.from(summary))) {
                return;
            }
            hub.toCamera(
                    view.cameraId,
                    "summaries",
                    ViewerJson.write(
                            ViewerJson.summaries(view.cameraId, view.summaries.snapshot())));
        }

        @Override
        public void onDeadLetter(FrameRejected deadLetter, long arrivedAtMs) {
            deadLetters.count(
                    deadLetter.getReason() == null ? "UNKNOWN" : deadLetter.getReason().name(),
                    deadLetter.getRejectedAt() == null
                            ? arrivedAtMs
                            : deadLetter.getRejectedAt().toEpochMilli());
        }

        @Override
        public void onStatus(String cameraId, byte[] json) {
            if (json == null) {
                CameraView view = cameras.peek(cameraId);
                if (view != null) {
                    view.status(null);
                }
                return;
            }
            GateStatus status;
            try {
                status = GateStatus.parse(json);
            } catch (IllegalArgumentException e) {
                LOG.debug("skipping a camera status that is not the gate's: {}", e.getMessage());
                return;
            }
            CameraView view = view(status.cameraId());
            if (view != null) {
                view.status(status);
            }
        }
    }

    /** Frames skipped as invalid (bad image header, invalid camera id). */
    public long framesRejected() {
        return framesRejected.get();
    }

    /** Stops the pages, the consumer (it leaves within seconds) and the threads. */
    @Override
    public void close() {
        http.close();
        ticks.shutdownNow();
        progress.close();
        reader.close();
        try {
            readerThread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("viewer stopped");
    }
}
