package io.ferstream.it.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.inference.model.ModelsDirectory;
import io.ferstream.ingest.camera.CameraProducer;
import io.ferstream.ingest.camera.CameraProducerConfig;
import io.ferstream.ingest.camera.SourceOptions;
import io.ferstream.ingest.camera.SourceSpec;
import io.ferstream.ingest.camera.StartupException;
import io.ferstream.registry.RegistryConfig;
import io.ferstream.registry.server.KafkaSchemaStore;
import io.ferstream.registry.server.SchemaRegistryServer;
import io.ferstream.stack.EmbeddedStack;
import io.ferstream.stack.EmbeddedStackExtension;
import io.ferstream.stack.KafkaTestSupport;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A camera started while no schema registry answers waits for one, up to {@code --startup-timeout},
 * instead of exiting: in an outage, cameras that restart come back by themselves once the registry
 * does.
 */
@ExtendWith(EmbeddedStackExtension.class)
class CameraRegistryOutageIT {

    @TempDir Path dir;

    @Test
    void shouldWaitForARegistryThatComesUpWithinTheStartupTimeout(EmbeddedStack stack)
            throws Exception {
        // configure: a registry address where nothing listens yet
        int port = freePort();
        String topic = KafkaTestSupport.newTopic(stack, "outage-raw");
        Path images = photos(3);
        CameraProducerConfig camera = camera(stack, topic, images, port, Duration.ofSeconds(60));
        String schemas = "_schemas-" + UUID.randomUUID().toString().substring(0, 8);

        // act: the camera starts; the registry comes up 4 s later
        CompletableFuture<CameraProducer.Summary> run =
                CompletableFuture.supplyAsync(
                        () -> {
                            try (CameraProducer producer = new CameraProducer(camera)) {
                                return producer.run();
                            } catch (InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                        });
        Thread.sleep(4_000);
        assertTrue(!run.isDone(), "the camera waits while no registry answers");
        try (SchemaRegistryServer registry =
                SchemaRegistryServer.start(
                        new KafkaSchemaStore(
                                Map.of("bootstrap.servers", stack.bootstrapServers()), schemas),
                        new InetSocketAddress("127.0.0.1", port))) {
            CameraProducer.Summary summary = run.get(60, TimeUnit.SECONDS);

            // verify: every frame was sent
            assertEquals(3, summary.acked());
        }
    }

    @Test
    void shouldGiveUpWithAClearErrorAfterTheStartupTimeout(EmbeddedStack stack) throws Exception {
        int port = freePort();
        String topic = KafkaTestSupport.newTopic(stack, "outage-raw");
        Path images = photos(1);
        CameraProducerConfig camera = camera(stack, topic, images, port, Duration.ofSeconds(3));

        try (CameraProducer producer = new CameraProducer(camera)) {
            StartupException e = assertThrows(StartupException.class, producer::run);
            assertEquals(StartupException.REGISTRY_UNREACHABLE, e.exitCode());
            assertTrue(e.getMessage().contains("cannot serve subject"), e.getMessage());
        }
    }

    private static CameraProducerConfig camera(
            EmbeddedStack stack, String topic, Path images, int port, Duration startupTimeout) {
        return new CameraProducerConfig(
                "outage-cam",
                SourceSpec.parse(images.resolve("*.jpg").toString()),
                SourceOptions.defaults(),
                0,
                1280,
                85,
                false,
                stack.bootstrapServers(),
                topic,
                RegistryConfig.of("http://127.0.0.1:" + port),
                Map.of(),
                0,
                0,
                Duration.ofMillis(500),
                Duration.ofSeconds(30),
                startupTimeout,
                "outage-it");
    }

    /** The first {@code count} fixture photos, in a folder of their own. */
    private Path photos(int count) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("photos-" + count));
        Path fixtures = ModelsDirectory.locate().resolve("fixtures");
        for (int i = 1; i <= count; i++) {
            Files.copy(
                    fixtures.resolve("sample" + i + ".jpg"), folder.resolve("sample" + i + ".jpg"));
        }
        return folder;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
