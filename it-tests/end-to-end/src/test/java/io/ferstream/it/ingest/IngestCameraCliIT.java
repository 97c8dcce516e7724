package io.ferstream.it.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.ingest.camera.CameraCli;
import io.ferstream.stack.EmbeddedStack;
import io.ferstream.stack.EmbeddedStackExtension;
import io.ferstream.stack.KafkaTestSupport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * ferstream-camera's exit codes against real components: a closed port, the real stack, a file
 * FFmpeg cannot read.
 */
@ExtendWith(EmbeddedStackExtension.class)
class IngestCameraCliIT {

    @TempDir Path dir;

    /** What one CLI run printed and returned. */
    private record Run(int exitCode, String out, String err) {}

    private static Run camera(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CameraCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    /** A local port nothing listens on (bound once to get a free one, then released). */
    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void shouldExitWith3WhenKafkaIsUnreachable(EmbeddedStack stack) throws Exception {
        // configure: a readable source, the real registry, and a broker address where nothing
        // listens
        String broker = "127.0.0.1:" + closedPort();

        // act
        Run run =
                camera(
                        FaceVideo.grace().toString(),
                        "--camera-id",
                        "lobby",
                        "--bootstrap-servers",
                        broker,
                        "--registry-url",
                        stack.registryUrl(),
                        "--startup-timeout",
                        "2s",
                        "--no-progress");

        // verify: exit code 3 and one clear line naming the broker and the bound waited
        assertEquals(3, run.exitCode(), run.err());
        assertTrue(
                run.err()
                        .startsWith(
                                "ferstream-camera: Kafka at "
                                        + broker
                                        + " did not answer the camera within 2000 ms"),
                run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
    }

    @Test
    void shouldExitWith5WhenTheSourceIsUnreadable(EmbeddedStack stack) throws Exception {
        // configure: the real broker and registry, and a file named like a video that is not one
        Path notAVideo =
                Files.writeString(
                        dir.resolve("clip.mp4"), "this is not a video", StandardCharsets.UTF_8);
        String topic = KafkaTestSupport.newTopic(stack, "frames.raw");

        // act
        Run run =
                camera(
                        notAVideo.toString(),
                        "--camera-id",
                        "lobby",
                        "--bootstrap-servers",
                        stack.bootstrapServers(),
                        "--registry-url",
                        stack.registryUrl(),
                        "--topic",
                        topic,
                        "--no-progress");

        // verify: exit code 5 and one clear line naming the file, after Kafka and the registry
        // passed
        assertEquals(5, run.exitCode(), run.err());
        assertTrue(run.err().startsWith("ferstream-camera: cannot open " + notAVideo), run.err());
        assertEquals(1, run.err().strip().lines().count(), "one line: " + run.err());
        assertEquals(0, IngestSupport.readAll(stack, topic, 0, false).size(), "nothing produced");
    }
}
