package io.ferstream.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small client of the Confluent schema registry REST API: what the serdes need, no more.
 *
 * <p>Ids and schemas are cached ({@code id -> schema}, {@code (subject, schema) -> id}). Both maps
 * hold one entry per distinct schema a process meets, which is naturally small; as a guard against
 * a misbehaving producer of schemas they are cleared when they pass {@link #CACHE_LIMIT}.
 *
 * <p>Connection errors and 5xx answers are retried with exponential backoff, trying the next URL
 * when several are configured; 4xx answers are final and mapped to typed exceptions. Thread-safe.
 */
public final class SchemaRegistryClient implements AutoCloseable {

    /** Confluent's media type, sent as Content-Type and Accept. */
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    static final int CACHE_LIMIT = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryConfig config;
    private final HttpClient http;
    private final Optional<String> authorization;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();

    /** Index of the URL that answered last, so a dead first URL is not retried on every call. */
    private volatile int currentUrl;

    private record SubjectSchema(String subject, Schema schema) {}

    public SchemaRegistryClient(RegistryConfig config) {
        this.config = config;
        HttpClient.Builder builder =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(config.connectTimeout());
        if (!config.tls().isEmpty()) {
            builder.sslContext(config.tls().sslContext());
        }
        this.http = builder.build();
        this.authorization =
                Optional.ofNullable(config.basicAuthUserInfo())
                        .map(
                                userInfo ->
                                        "Basic "
                                                + Base64.getEncoder()
                                                        .encodeToString(
                                                                userInfo.getBytes(
                                                                        StandardCharsets.UTF_8)));
    }

    public RegistryConfig config() {
        return config;
    }

    /**
     * Registers {@code schema} under {@code subject} (idempotent in the registry) and returns its
     * global id.
     *
     * @throws IncompatibleSchemaException the subject's compatibility level rejects the schema
     *     (409)
     */
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode body =
                send(
                        "POST",
                        "/subjects/" + encode(subject) + "/versions",
                        schemaBody(schema),
                        "register the schema "
                                + schema.getFullName()
                                + " under subject "
                                + subject);
        int id = body.path("id").asInt(-1);
        if (id < 0) {
            throw new RegistryRequestException(
                    "The registry answered the registration of "
                            + schema.getFullName()
                            + " under subject "
                            + subject
                            + " without an id",
                    200,
                    200);
        }
        remember(key, id);
        return id;
    }

    /**
     * Returns the id of {@code schema} if it is registered under {@code subject}, without
     * registering it.
     *
     * @throws SchemaNotRegisteredException it is not registered there
     */
    public int lookup(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode body;
        try {
            body =
                    send(
                            "POST",
                            "/subjects/" + encode(subject),
                            schemaBody(schema),
                            "look up the schema "
                                    + schema.getFullName()
                                    + " under subject "
                                    + subject);
        } catch (RegistryRequestException e) {
            if (e.errorCode() == 40401 || e.errorCode() == 40403) {
                throw new SchemaNotRegisteredException(
                        "Schema "
                                + schema.getFullName()
                                + " is not registered under subject "
                                + subject
                                + " and auto.register.schemas is false: register it (POST"
                                + " /subjects/"
                                + subject
                                + "/versions, or your release step) or enable"
                                + " auto.register.schemas",
                        e);
            }
            throw e;
        }
        int id = body.path("id").asInt(-1);
        remember(key, id);
        return id;
    }

    /**
     * The schema with this global id.
     *
     * @throws UnknownSchemaIdException the registry does not know the id (40403)
     */
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode body;
        try {
            body = send("GET", "/schemas/ids/" + id, null, "fetch schema id " + id);
        } catch (RegistryRequestException e) {
            if (e.httpStatus() == 404) {
                throw new UnknownSchemaIdException(
                        "Schema id "
                                + id
                                + " is unknown to the registry at "
                                + config.urls()
                                + " (error "
                                + e.errorCode()
                                + "): the record was written against another registry,"
                                + " or the registry lost its _schemas topic",
                        e);
            }
            throw e;
        }
        String text = body.path("schema").asText(null);
        if (text == null) {
            throw new RegistryRequestException(
                    "The registry answered schema id " + id + " without a schema", 200, 200);
        }
        Schema schema;
        try {
            schema = new Schema.Parser().parse(text);
        } catch (SchemaParseException e) {
            throw new RegistryRequestException(
                    "The registry returned an unparseable schema for id "
                            + id
                            + ": "
                            + e.getMessage(),
                    200,
                    42201);
        }
        if (schemasById.size() >= CACHE_LIMIT) {
            schemasById.clear();
        }
        schemasById.put(id, schema);
        return schema;
    }

    private void remember(SubjectSchema key, int id) {
        if (idsBySubjectSchema.size() >= CACHE_LIMIT) {
            idsBySubjectSchema.clear();
        }
        idsBySubjectSchema.put(key, id);
        if (schemasById.size() < CACHE_LIMIT) {
            schemasById.putIfAbsent(id, key.schema());
        }
    }

    private static String schemaBody(Schema schema) {
        ObjectNode body = JSON.createObjectNode();
        body.put("schema", schema.toString());
        return body.toString();
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * One request with retries over the URLs; returns the parsed 2xx body or throws a typed error.
     */
    private JsonNode send(String method, String path, String body, String what) {
        int attempts = config.maxRetries() + 1;
        String lastProblem = "no attempt";
        Throwable lastCause = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (attempt > 1) {
                sleep(config.backoff(attempt - 1).toMillis(), what);
            }
            int urlIndex = currentUrl;
            String base = config.urls().get(urlIndex % config.urls().size());
            HttpResponse<String> response;
            try {
                response =
                        http.send(
                                request(method, base + path, body),
                                HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                lastProblem =
                        base
                                + " unreachable ("
                                + e.getClass().getSimpleName()
                                + (e.getMessage() == null ? "" : ": " + e.getMessage())
                                + ")";
                lastCause = e;
                currentUrl = (urlIndex + 1) % config.urls().size();
                LOG.debug("Attempt {}/{} to {} failed: {}", attempt, attempts, what, lastProblem);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryUnavailableException("Interrupted while trying to " + what, e);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return parse(response.body(), what);
            }
            JsonNode error = parseQuietly(response.body());
            int errorCode = error.path("error_code").asInt(status);
            String message = error.path("message").asText("HTTP " + status);
            if (status >= 500) {
                lastProblem =
                        base
                                + " answered HTTP "
                                + status
                                + " (error "
                                + errorCode
                                + ": "
                                + message
                                + ")";
                lastCause = null;
                currentUrl = (urlIndex + 1) % config.urls().size();
                LOG.debug("Attempt {}/{} to {} failed: {}", attempt, attempts, what, lastProblem);
                continue;
            }
            throw clientError(status, errorCode, message, base, what);
        }
        throw new RegistryUnavailableException(
                "Could not "
                        + what
                        + ": schema registry unavailable after "
                        + attempts
                        + " attempt(s); last: "
                        + lastProblem,
                lastCause);
    }

    private static AvroSerdeException clientError(
            int status, int errorCode, String message, String base, String what) {
        String text =
                "Could not "
                        + what
                        + ": registry "
                        + base
                        + " answered HTTP "
                        + status
                        + " (error "
                        + errorCode
                        + ": "
                        + message
                        + ")";
        if (status == 409) {
            return new IncompatibleSchemaException(
                    text + "; the schema breaks the subject's compatibility level");
        }
        if (status == 401 || status == 403) {
            return new RegistryRequestException(
                    text + "; check basic.auth.user.info", status, errorCode);
        }
        return new RegistryRequestException(text, status, errorCode);
    }

    private HttpRequest request(String method, String url, String body) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(config.requestTimeout())
                        .header("Accept", CONTENT_TYPE);
        authorization.ifPresent(value -> builder.header("Authorization", value));
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", CONTENT_TYPE)
                    .method(
                            method,
                            HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    private static JsonNode parse(String body, String what) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new RegistryRequestException(
                    "Could not " + what + ": the registry's answer is not JSON", 200, 200);
        }
    }

    private static JsonNode parseQuietly(String body) {
        try {
            JsonNode node = JSON.readTree(body == null ? "" : body);
            return node == null ? JSON.createObjectNode() : node;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static void sleep(long millis, String what) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException(
                    "Interrupted while waiting to retry: " + what, e);
        }
    }

    /**
     * Drops the caches. The JDK 17 HttpClient has no close; its threads end when it is collected.
     */
    @Override
    public void close() {
        schemasById.clear();
        idsBySubjectSchema.clear();
    }
}
