package io.ferstream.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.registry.server.SchemaRegistryServer;
import io.ferstream.schema.CameraFrame;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SchemaRegistryClientTest {

    private SchemaRegistryServer registry;

    @BeforeEach
    void startRegistry() {
        registry = SchemaRegistryServer.inMemory();
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    @Test
    void shouldCacheIdsAndSchemas() throws IOException {
        try (FrontServer front = new FrontServer(registry.url(), 0);
                SchemaRegistryClient client =
                        new SchemaRegistryClient(RegistryConfig.of(front.url()))) {
            int id = client.register("frames-value", CameraFrame.getClassSchema());
            int again = client.register("frames-value", CameraFrame.getClassSchema());
            client.schemaById(id);

            assertEquals(id, again);
            assertEquals(
                    1,
                    front.requests.get(),
                    "the second register and the schema fetch come from the cache");
            assertEquals(SchemaRegistryClient.CONTENT_TYPE, front.contentTypes.get(0));
        }
    }

    @Test
    void shouldSendBasicAuthCredentials() throws IOException {
        try (FrontServer front = new FrontServer(registry.url(), 0);
                SchemaRegistryClient client =
                        new SchemaRegistryClient(
                                RegistryConfig.of(front.url()).withBasicAuth("fer:s3cret"))) {
            client.register("frames-value", CameraFrame.getClassSchema());

            String expected =
                    "Basic " + Base64.getEncoder().encodeToString("fer:s3cret".getBytes());
            assertEquals(expected, front.authorizations.get(0));
        }
    }

    @Test
    void shouldRetryServerErrorsWithBackoff() throws IOException {
        try (FrontServer front = new FrontServer(registry.url(), 2);
                SchemaRegistryClient client =
                        new SchemaRegistryClient(
                                RegistryConfig.of(front.url())
                                        .withRetries(
                                                3, Duration.ofMillis(10), Duration.ofMillis(50)))) {
            int id = client.register("frames-value", CameraFrame.getClassSchema());

            assertEquals(3, front.requests.get(), "two 503s, then success");
            assertEquals(CameraFrame.getClassSchema(), client.schemaById(id));
        }
    }

    @Test
    void shouldGiveUpOnServerErrorsAfterTheLastRetry() throws IOException {
        try (FrontServer front = new FrontServer(registry.url(), 10);
                SchemaRegistryClient client =
                        new SchemaRegistryClient(
                                RegistryConfig.of(front.url())
                                        .withRetries(
                                                2, Duration.ofMillis(5), Duration.ofMillis(10)))) {
            RegistryUnavailableException e =
                    assertThrows(
                            RegistryUnavailableException.class,
                            () -> client.register("frames-value", CameraFrame.getClassSchema()));

            assertEquals(3, front.requests.get());
            assertTrue(e.getMessage().contains("503"), e.getMessage());
        }
    }

    @Test
    void shouldNotRetryClientErrors() throws IOException {
        try (FrontServer front = new FrontServer(registry.url(), 0);
                SchemaRegistryClient client =
                        new SchemaRegistryClient(
                                RegistryConfig.of(front.url())
                                        .withRetries(
                                                3, Duration.ofMillis(5), Duration.ofMillis(10)))) {
            assertThrows(UnknownSchemaIdException.class, () -> client.schemaById(12345));

            assertEquals(1, front.requests.get());
        }
    }

    @Test
    void shouldReportAnUnreachableRegistry() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        RegistryConfig config =
                RegistryConfig.of("http://127.0.0.1:" + closedPort)
                        .withRetries(2, Duration.ofMillis(5), Duration.ofMillis(10));

        try (SchemaRegistryClient client = new SchemaRegistryClient(config)) {
            RegistryUnavailableException e =
                    assertThrows(RegistryUnavailableException.class, () -> client.schemaById(1));

            assertTrue(e.getMessage().contains("unavailable after 3 attempt(s)"), e.getMessage());
            assertTrue(e.getMessage().contains(Integer.toString(closedPort)), e.getMessage());
        }
    }

    @Test
    void shouldFailOverToTheNextUrl() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        RegistryConfig config =
                RegistryConfig.of("http://127.0.0.1:" + closedPort + "," + registry.url())
                        .withRetries(1, Duration.ofMillis(5), Duration.ofMillis(10));

        try (SchemaRegistryClient client = new SchemaRegistryClient(config)) {
            assertTrue(client.register("frames-value", CameraFrame.getClassSchema()) > 0);
        }
    }

    @Test
    void shouldReportAnIncompatibleSchema() throws Exception {
        put(registry.url() + "/config", "{\"compatibility\":\"BACKWARD_TRANSITIVE\"}");
        try (SchemaRegistryClient client =
                new SchemaRegistryClient(RegistryConfig.of(registry.url()))) {
            client.register("frames-value", CameraFrame.getClassSchema());

            IncompatibleSchemaException e =
                    assertThrows(
                            IncompatibleSchemaException.class,
                            () ->
                                    client.register(
                                            "frames-value",
                                            Fixtures.cameraFrameWithRequiredField()));

            assertTrue(e.getMessage().contains("409"), e.getMessage());
            assertTrue(e.getMessage().contains("frames-value"), e.getMessage());
        }
    }

    private static void put(String url, String body) throws Exception {
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(url))
                                        .header("Content-Type", SchemaRegistryClient.CONTENT_TYPE)
                                        .PUT(HttpRequest.BodyPublishers.ofString(body))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
    }
}
