package io.ferstream.registry.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferstream.schema.CameraFrame;
import io.ferstream.schema.FrameRejected;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST endpoints and error codes, spoken as raw HTTP like any Confluent client would. */
class SchemaRegistryServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BREAKING =
            "{\"type\":\"record\",\"name\":\"CameraFrame\",\"namespace\":\"io.ferstream.schema\","
                    + "\"fields\":[{\"name\":\"cameraId\",\"type\":\"int\"}]}";

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private SchemaRegistryServer server;

    /** One answer: status and parsed body. */
    private record Answer(int status, JsonNode body, String contentType) {}

    @BeforeEach
    void start() {
        server = SchemaRegistryServer.inMemory();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldRegisterIdempotentlyWithGlobalIds() throws Exception {
        Answer first =
                post("/subjects/frames-value/versions", schemaBody(CameraFrame.getClassSchema()));
        Answer again =
                post("/subjects/frames-value/versions", schemaBody(CameraFrame.getClassSchema()));
        Answer otherSubject =
                post(
                        "/subjects/frames.raw-value/versions",
                        schemaBody(CameraFrame.getClassSchema()));
        Answer otherSchema =
                post(
                        "/subjects/frames.dlq-value/versions",
                        schemaBody(FrameRejected.getClassSchema()));

        assertEquals(200, first.status());
        assertEquals(SchemaRegistryServer.CONTENT_TYPE, first.contentType());
        assertEquals(first.body().get("id"), again.body().get("id"));
        assertEquals(
                first.body().get("id"),
                otherSubject.body().get("id"),
                "same schema, same global id");
        assertTrue(otherSchema.body().get("id").asInt() > first.body().get("id").asInt());
        assertEquals("[1]", get("/subjects/frames-value/versions").body().toString());
    }

    @Test
    void shouldServeSchemasSubjectsAndVersions() throws Exception {
        int id =
                post("/subjects/frames-value/versions", schemaBody(CameraFrame.getClassSchema()))
                        .body()
                        .get("id")
                        .asInt();

        Answer byId = get("/schemas/ids/" + id);
        Answer subjects = get("/subjects");
        Answer latest = get("/subjects/frames-value/versions/latest");
        Answer one = get("/subjects/frames-value/versions/1");
        Answer lookup = post("/subjects/frames-value", schemaBody(CameraFrame.getClassSchema()));

        assertEquals(
                CameraFrame.getClassSchema(),
                new Schema.Parser().parse(byId.body().get("schema").asText()));
        assertEquals("[\"frames-value\"]", subjects.body().toString());
        assertEquals(1, latest.body().get("version").asInt());
        assertEquals(id, latest.body().get("id").asInt());
        assertEquals("frames-value", one.body().get("subject").asText());
        assertEquals(id, lookup.body().get("id").asInt());
        assertEquals(1, lookup.body().get("version").asInt());
    }

    @Test
    void shouldAddVersionsThatStayCompatible() throws Exception {
        Schema older = withoutSource();
        post("/subjects/frames-value/versions", schemaBody(older));

        Answer newer =
                post("/subjects/frames-value/versions", schemaBody(CameraFrame.getClassSchema()));

        assertEquals(200, newer.status());
        assertEquals("[1,2]", get("/subjects/frames-value/versions").body().toString());
        assertEquals(
                2, get("/subjects/frames-value/versions/latest").body().get("version").asInt());
    }

    @Test
    void shouldRejectAnIncompatibleSchemaWith409() throws Exception {
        post("/subjects/frames-value/versions", schemaBody(CameraFrame.getClassSchema()));

        Answer check = post("/compatibility/subjects/frames-value/versions/latest", body(BREAKING));
        Answer register = post("/subjects/frames-value/versions", body(BREAKING));

        assertFalse(check.body().get("is_compatible").asBoolean());
        assertEquals(409, register.status());
        assertEquals(409, register.body().get("error_code").asInt());
        assertEquals("[1]", get("/subjects/frames-value/versions").body().toString());
    }

    @Test
    void shouldAcceptAnythingUnderNone() throws Exception {
        post("/subjects/frames-value/versions", schemaBody(CameraFrame.getClassSchema()));
        put("/config/frames-value", "{\"compatibility\":\"NONE\"}");

        Answer register = post("/subjects/frames-value/versions", body(BREAKING));

        assertEquals(200, register.status());
    }

    @Test
    void shouldCheckEveryVersionUnderTransitiveLevels() throws Exception {
        // v3 makes b required: it reads v2 (which has b) but not v1 (which lacks it). BACKWARD
        // checks
        // only the latest version and accepts; BACKWARD_TRANSITIVE checks all and refuses.
        String v1 = record("{\"name\":\"a\",\"type\":\"int\"}");
        String v2 =
                record(
                        "{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"int\",\"default\":0}");
        String v3 = record("{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"int\"}");
        post("/subjects/t-value/versions", body(v1));
        post("/subjects/t-value/versions", body(v2));

        put("/config/t-value", "{\"compatibility\":\"BACKWARD_TRANSITIVE\"}");
        Answer transitive = post("/subjects/t-value/versions", body(v3));
        put("/config/t-value", "{\"compatibility\":\"BACKWARD\"}");
        Answer latestOnly = post("/subjects/t-value/versions", body(v3));

        assertEquals(409, transitive.status());
        assertEquals(200, latestOnly.status());
    }

    @Test
    void shouldReadAndChangeTheConfig() throws Exception {
        Answer global = get("/config");
        Answer subjectUnset = get("/config/frames-value");
        Answer changed = put("/config/frames-value", "{\"compatibility\":\"full_transitive\"}");
        Answer subject = get("/config/frames-value");

        assertEquals("BACKWARD", global.body().get("compatibilityLevel").asText());
        assertEquals(404, subjectUnset.status());
        assertEquals("FULL_TRANSITIVE", changed.body().get("compatibility").asText());
        assertEquals("FULL_TRANSITIVE", subject.body().get("compatibilityLevel").asText());
        assertEquals("BACKWARD", get("/config").body().get("compatibilityLevel").asText());
    }

    @Test
    void shouldAnswerConfluentErrorCodes() throws Exception {
        post("/subjects/frames-value/versions", schemaBody(CameraFrame.getClassSchema()));

        assertError(404, 40401, get("/subjects/nope-value/versions"));
        assertError(
                404, 40401, post("/subjects/nope-value", schemaBody(CameraFrame.getClassSchema())));
        assertError(404, 40402, get("/subjects/frames-value/versions/7"));
        assertError(404, 40403, get("/schemas/ids/999"));
        assertError(
                404,
                40403,
                post("/subjects/frames-value", schemaBody(FrameRejected.getClassSchema())));
        assertError(422, 42202, get("/subjects/frames-value/versions/zero"));
        assertError(422, 42202, get("/subjects/frames-value/versions/0"));
        assertError(422, 42203, put("/config", "{\"compatibility\":\"SIDEWAYS\"}"));
        assertError(404, 404, get("/nothing/here"));
    }

    @Test
    void shouldRejectMalformedSchemasAndChangeNothing() throws Exception {
        Answer notJson = post("/subjects/frames-value/versions", body("{\"type\": \"record\""));
        Answer unknownType =
                post(
                        "/subjects/frames-value/versions",
                        body(
                                "{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"a\",\"type\":\"nosuch\"}]}"));
        Answer badBody = post("/subjects/frames-value/versions", "not json at all");
        Answer otherType =
                post(
                        "/subjects/frames-value/versions",
                        "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}");

        assertError(422, 42201, notJson);
        assertError(422, 42201, unknownType);
        assertError(422, 42201, badBody);
        assertError(422, 42201, otherType);
        assertEquals("[]", get("/subjects").body().toString());
        int firstId =
                post("/subjects/frames-value/versions", schemaBody(CameraFrame.getClassSchema()))
                        .body()
                        .get("id")
                        .asInt();
        assertEquals(1, firstId, "failed registrations used no id");
    }

    @Test
    void shouldRejectOversizedBodies() throws Exception {
        String huge =
                "{\"schema\":\"" + "x".repeat(SchemaRegistryServer.MAX_BODY_BYTES + 10) + "\"}";

        Answer answer = post("/subjects/frames-value/versions", huge);

        assertEquals(413, answer.status());
        assertEquals("[]", get("/subjects").body().toString());
    }

    @Test
    void shouldDecodeSubjectNamesInPaths() throws Exception {
        post("/subjects/a%2Fb+c-value/versions", schemaBody(CameraFrame.getClassSchema()));

        assertEquals("[\"a/b+c-value\"]", get("/subjects").body().toString());
    }

    @Test
    void shouldKeepIdsAcrossARestartOnTheSameStore() throws Exception {
        InMemorySchemaStore store = new InMemorySchemaStore();
        int id;
        try (SchemaRegistryServer first =
                SchemaRegistryServer.start(store, new java.net.InetSocketAddress("127.0.0.1", 0))) {
            server = first;
            post("/subjects/frames.dlq-value/versions", schemaBody(FrameRejected.getClassSchema()));
            id =
                    post(
                                    "/subjects/frames-value/versions",
                                    schemaBody(CameraFrame.getClassSchema()))
                            .body()
                            .get("id")
                            .asInt();
            put("/config", "{\"compatibility\":\"FULL\"}");
        }
        server = SchemaRegistryServer.start(store, new java.net.InetSocketAddress("127.0.0.1", 0));

        assertEquals(
                id,
                post("/subjects/frames-value", schemaBody(CameraFrame.getClassSchema()))
                        .body()
                        .get("id")
                        .asInt());
        assertEquals("FULL", get("/config").body().get("compatibilityLevel").asText());
    }

    private static void assertError(int status, int code, Answer answer) {
        assertEquals(status, answer.status(), answer.body().toString());
        assertEquals(code, answer.body().get("error_code").asInt(), answer.body().toString());
        assertTrue(answer.body().get("message").asText().length() > 0);
    }

    private static Schema withoutSource() throws Exception {
        JsonNode node = JSON.readTree(CameraFrame.getClassSchema().toString());
        com.fasterxml.jackson.databind.node.ArrayNode fields =
                (com.fasterxml.jackson.databind.node.ArrayNode) node.get("fields");
        fields.remove(fields.size() - 1);
        return new Schema.Parser().parse(node.toString());
    }

    private static String record(String fields) {
        return "{\"type\":\"record\",\"name\":\"T\",\"fields\":[" + fields + "]}";
    }

    private static String schemaBody(Schema schema) {
        return body(schema.toString());
    }

    private static String body(String schemaText) {
        return JSON.createObjectNode().put("schema", schemaText).toString();
    }

    private Answer get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(server.url() + path)).GET());
    }

    private Answer post(String path, String body) throws Exception {
        return send(
                HttpRequest.newBuilder(URI.create(server.url() + path))
                        .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private Answer put(String path, String body) throws Exception {
        return send(
                HttpRequest.newBuilder(URI.create(server.url() + path))
                        .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private Answer send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response =
                http.send(
                        request.header("Content-Type", SchemaRegistryServer.CONTENT_TYPE).build(),
                        HttpResponse.BodyHandlers.ofString());
        return new Answer(
                response.statusCode(),
                JSON.readTree(response.body()),
                response.headers().firstValue("Content-Type").orElse(null));
    }
}
