package io.ferstream.ingest.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconnectingSourceTest {

    /** A scripted live stream: yields n frames then drops; or fails to open. */
    private static final class ScriptedStream implements FrameSource {
        private final int frames;
        private final boolean opens;
        private int served;

        ScriptedStream(int frames, boolean opens) {
            this.frames = frames;
            this.opens = opens;
        }

        @Override
        public void open() throws SourceException {
            if (!opens) {
                throw new SourceException("connection refused");
            }
        }

        @Override
        public CapturedFrame next() throws SourceException {
            if (served == frames) {
                throw new SourceException("socket timeout");
            }
            served++;
            return new CapturedFrame(served, Instant.EPOCH, null);
        }

        @Override
        public boolean live() {
            return true;
        }

        @Override
        public void close() {}
    }

    @Test
    void shouldReconnectWithGrowingDelaysAfterADrop() throws Exception {
        Deque<ScriptedStream> script =
                new ArrayDeque<>(
                        List.of(
                                new ScriptedStream(2, true),
                                new ScriptedStream(0, false),
                                new ScriptedStream(0, false),
                                new ScriptedStream(3, true)));
        List<Duration> sleeps = new ArrayList<>();
        ReconnectingSource source =
                new ReconnectingSource(
                        "cam",
                        script::poll,
                        new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), -1, 0),
                        sleeps::add);
        source.open();

        int frames = 0;
        for (int i = 0; i < 5; i++) {
            if (source.next() != null) {
                frames++;
            }
        }

        assertEquals(5, frames);
        assertEquals(
                List.of(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400)),
                sleeps);
        assertEquals(1, source.reconnects());
    }

    @Test
    void shouldGiveUpAfterTheMaximumReconnects() throws Exception {
        Deque<ScriptedStream> script =
                new ArrayDeque<>(
                        List.of(
                                new ScriptedStream(1, true),
                                new ScriptedStream(0, false),
                                new ScriptedStream(0, false)));
        ReconnectingSource source =
                new ReconnectingSource(
                        "cam",
                        script::poll,
                        new Backoff(Duration.ofMillis(1), Duration.ofMillis(1), 2),
                        d -> {});
        source.open();
        source.next();

        SourceException e = assertThrows(SourceException.class, source::next);

        assertTrue(e.getMessage().contains("after 2 failed reconnect attempts"), e.getMessage());
    }

    @Test
    void shouldNotRetryAFirstOpenThatFails() {
        ReconnectingSource source =
                new ReconnectingSource(
                        "cam",
                        () -> new ScriptedStream(0, false),
                        new Backoff(Duration.ofMillis(1), Duration.ofMillis(1), -1),
                        d -> {});

        assertThrows(SourceException.class, source::open);
    }
}
