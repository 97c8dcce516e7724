package io.ferstream.registry.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small schema registry speaking the subset of Confluent's REST API that serializers and tools
 * use, on the JDK's HTTP server:
 *
 * <pre>
 * POST /subjects/{s}/versions                      register (idempotent) -> {"id": N}
 * POST /subjects/{s}                               look up -> {"subject","id","version","schema"}
 * GET  /schemas/ids/{id}                           -> {"schema": "..."}
 * GET  /subjects, /subjects/{s}/versions, /subjects/{s}/versions/{v|latest}
 * POST /compatibility/subjects/{s}/versions/{v|latest}  -> {"is_compatible": bool}
 * GET|PUT /config, /config/{s}                     {"compatibilityLevel": ...}; PUT {"compatibility": ...}
 * </pre>
 *
 * Errors answer {@code {"error_code": N, "message": "..."}} with Confluent's codes. Ids are global;
 * the default level is BACKWARD. State is kept in a {@link SchemaStore}: Kafka for real use, memory
 * for tests.
 */
public final class SchemaRegistryServer implements AutoCloseable {

    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    /** Largest request body accepted; schemas are small, anything bigger is a mistake or abuse. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SchemaStore store;
    private final RegistryState state;
    private final HttpServer http;
    private final ExecutorService executor;
    private final boolean https;

    private SchemaRegistryServer(
            SchemaStore store, InetSocketAddress address, ServerSecurity security)
            throws IOException {
        this.store = store;
        this.state = new RegistryState(store);
        this.https = security.https();
        if (https) {
            HttpsServer server = HttpsServer.create(address, 64);
            server.setHttpsConfigurator(new HttpsConfigurator(security.tls()));
            this.http = server;
        } else {
            this.http = HttpServer.create(address, 64);
        }
        this.executor =
                Executors.newFixedThreadPool(
                        4,
                        runnable -> {
                            Thread thread = new Thread(runnable, "schema-registry-http");
                            thread.setDaemon(true);
                            return thread;
                        });
        http.setExecutor(executor);
        HttpContext context = http.createContext("/", this::handle);
        if (security.authenticator() != null) {
            context.setAuthenticator(security.authenticator());
        }
        http.start();
    }

    /** A registry on {@code store}, listening on {@code address} (port 0: any free port). */
    public static SchemaRegistryServer start(SchemaStore store, InetSocketAddress address) {
        return start(store, address, ServerSecurity.none());
    }

    /**
     * A registry on {@code store}, listening on {@code address}, with TLS and/or basic auth as
     * {@code security} says.
     */
    public static SchemaRegistryServer start(
            SchemaStore store, InetSocketAddress address, ServerSecurity security) {
        try {
            return new SchemaRegistryServer(store, address, security);
        } catch (IOException e) {
            store.close();
            throw new IllegalStateException(
                    "Cannot listen on " + address + ": " + e.getMessage(), e);
        }
    }

    /** A registry kept in memory on 127.0.0.1 and a free port: for tests. */
    public static SchemaRegistryServer inMemory() {
        return start(new InMemorySchemaStore(), new InetSocketAddress("127.0.0.1", 0));
    }

    /**
     * A registry persisted in Kafka's {@code _schemas} topic, on 127.0.0.1:{@code port} (0: any).
     */
    public static SchemaRegistryServer onKafka(String bootstrapServers, int port) {
        return start(
                new KafkaSchemaStore(bootstrapServers), new InetSocketAddress("127.0.0.1", port));
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** {@code http(s)://127.0.0.1:<port>} (or the bound host). */
    public String url() {
        String host =
                http.getAddress().getAddress().isAnyLocalAddress()
                        ? "127.0.0.1"
                        : http.getAddress().getAddress().getHostAddress();
        return (https ? "https://" : "http://") + host + ":" + port();
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
        store.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            int status;
            Object body;
            try {
                body = route(exchange.getRequestMethod(), segments(exchange), exchange);
                status = 200;
            } catch (RegistryError e) {
                status = e.httpStatus;
                body = error(e.errorCode, e.getMessage());
                if (status >= 500) {
                    LOG.error(
                            "Registry error on {} {}",
                            exchange.getRequestMethod(),
                            exchange.getRequestURI().getPath(),
                            e);
                }
            } catch (RuntimeException e) {
                LOG.error(
                        "Unexpected error on {} {}",
                        exchange.getRequestMethod(),
                        exchange.getRequestURI().getPath(),
                        e);
                status = 500;
                body = error(50001, "Internal error: " + e);
            }
            byte[] bytes = JSON.writeValueAsBytes(body);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private Object route(String method, List<String> path, HttpExchange exchange)
            throws IOException {
        int n = path.size();
        String first = n > 0 ? path.get(0) : "";
        switch (first) {
            case "subjects":
                if (n == 1 && method.equals("GET")) {
                    return state.subjects();
                }
                if (n == 2 && method.equals("POST")) {
                    return versionJson(state.lookup(path.get(1), schemaOf(exchange)));
                }
                if (n == 3 && path.get(2).equals("versions")) {
                    if (method.equals("GET")) {
                        return state.versions(path.get(1));
                    }
                    if (method.equals("POST")) {
                        return JSON.createObjectNode()
                                .put("id", state.register(path.get(1), schemaOf(exchange)).id());
                    }
                }
                if (n == 4 && path.get(2).equals("versions") && method.equals("GET")) {
                    return versionJson(state.version(path.get(1), path.get(3)));
                }
                if (n == 5
                        && path.get(2).equals("versions")
                        && path.get(4).equals("schema")
                        && method.equals("GET")) {
                    return JSON.readTree(state.version(path.get(1), path.get(3)).schema());
                }
                break;
            case "schemas":
                if (n == 3 && path.get(1).equals("ids") && method.equals("GET")) {
                    return JSON.createObjectNode()
                            .put("schema", state.schemaById(schemaId(path.get(2))));
                }
                break;
            case "compatibility":
                if (n == 5
                        && path.get(1).equals("subjects")
                        && path.get(3).equals("versions")
                        && method.equals("POST")) {
                    boolean compatible =
                            state.isCompatible(path.get(2), path.get(4), schemaOf(exchange));
                    return JSON.createObjectNode().put("is_compatible", compatible);
                }
                break;
            case "config":
                if (n == 1 || n == 2) {
                    String subject = n == 2 ? path.get(1) : null;
                    if (method.equals("GET")) {
                        return levelJson(subject, exchange);
                    }
                    if (method.equals("PUT")) {
                        JsonNode request = readJson(exchange);
                        CompatibilityLevel level =
                                CompatibilityLevel.parse(
                                        request.path("compatibility").asText(null));
                        state.setLevel(subject, level);
                        return JSON.createObjectNode().put("compatibility", level.name());
                    }
                }
                break;
            case "":
                if (method.equals("GET")) {
                    return JSON
                            .createObjectNode(); // Confluent answers {} on the root: a cheap health
                    // check
                }
                break;
            default:
                break;
        }
        throw new RegistryError(404, 404, "No endpoint " + method + " /" + String.join("/", path));
    }

    private ObjectNode levelJson(String subject, HttpExchange exchange) {
        if (subject == null) {
            return JSON.createObjectNode().put("compatibilityLevel", state.globalLevel().name());
        }
        boolean defaultToGlobal =
                String.valueOf(exchange.getRequestURI().getQuery())
                        .contains("defaultToGlobal=true");
        CompatibilityLevel level =
                state.subjectLevel(subject)
                        .or(
                                () ->
                                        defaultToGlobal
                                                ? java.util.Optional.of(state.globalLevel())
                                                : java.util.Optional.empty())
                        .orElseThrow(
                                () ->
                                        new RegistryError(
                                                404,
                                                40408,
                                                "Subject '"
                                                        + subject
                                                        + "' does not have subject-level"
                                                        + " compatibility configured"));
        return JSON.createObjectNode().put("compatibilityLevel", level.name());
    }

    private static ObjectNode versionJson(RegistryState.Version version) {
        return JSON.createObjectNode()
                .put("subject", version.subject())
                .put("version", version.version())
                .put("id", version.id())
                .put("schema", version.schema());
    }

    private static ObjectNode error(int code, String message) {
        return JSON.createObjectNode().put("error_code", code).put("message", message);
    }

    private static int schemaId(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw RegistryError.schemaNotFound("id " + text);
        }
    }

    /** The Avro schema text of a register/lookup/compatibility request. */
    private static String schemaOf(HttpExchange exchange) throws IOException {
        JsonNode request = readJson(exchange);
        String type = request.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw new RegistryError(
                    422, 42201, "Invalid schema: only AVRO schemas are supported, not " + type);
        }
        if (request.path("references").size() > 0) {
            throw new RegistryError(
                    422, 42201, "Invalid schema: schema references are not supported");
        }
        JsonNode schema = request.get("schema");
        return schema == null || !schema.isTextual() ? null : schema.asText();
    }

    private static JsonNode readJson(HttpExchange exchange) throws IOException {
        byte[] body = readBounded(exchange.getRequestBody());
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new RegistryError(422, 42201, "The request body must be a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new RegistryError(
                    422, 42201, "The request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static byte[] readBounded(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int read;
        while ((read = in.read(buffer)) != -1) {
            out.write(buffer, 0, read);
            if (out.size() > MAX_BODY_BYTES) {
                throw new RegistryError(
                        413, 413, "Request body larger than " + MAX_BODY_BYTES + " bytes");
            }
        }
        return out.toByteArray();
    }

    /** Path segments, each URL-decoded ('+' kept: subjects may contain it). */
    private static List<String> segments(HttpExchange exchange) {
        List<String> result = new ArrayList<>();
        for (String raw : exchange.getRequestURI().getRawPath().split("/")) {
            if (!raw.isEmpty()) {
                result.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return result;
    }
}
