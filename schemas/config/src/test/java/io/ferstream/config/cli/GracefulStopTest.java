package io.ferstream.config.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GracefulStopTest {

    @Test
    void shouldNeitherStopTheCommandNorLingerOnceClosed() {
        AtomicInteger stops = new AtomicInteger();
        GracefulStop graceful = GracefulStop.install("test", stops::incrementAndGet);

        graceful.close();
        graceful.close(); // closing twice is harmless

        assertEquals(0, stops.get(), "only a shutdown asks the command to stop");
    }
}
