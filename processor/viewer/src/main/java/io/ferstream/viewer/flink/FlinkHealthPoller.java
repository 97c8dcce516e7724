package io.ferstream.viewer.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks Flink's REST API how the job is: the job overview, then the chosen job's vertices,
 * checkpoints, restarts and each vertex's backpressure. One reading is a handful of small GETs; the
 * viewer takes one every few seconds.
 */
public final class FlinkHealthPoller {

    private static final Logger LOG = LoggerFactory.getLogger(FlinkHealthPoller.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final String baseUrl;
    private final String jobName;
    private final HttpClient http;
    private String lastError;

    /**
     * @param baseUrl Flink's REST URL, e.g. http://localhost:8081
     * @param jobName the job to show, or null for the running one
     */
    public FlinkHealthPoller(String baseUrl, String jobName) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.jobName = jobName;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    /** One reading; never throws: what failed is in the result. */
    public JobHealth read() {
        long now = System.currentTimeMillis();
        try {
            JsonNode job = FlinkRestParser.pickJob(get("/jobs/overview"), jobName);
            if (job == null) {
                return remember(
                        JobHealth.noJob(
                                jobName == null
                                        ? "Flink runs no job"
                                        : "Flink runs no job named '" + jobName + "'",
                                now));
            }
            String id = job.path("jid").asText();
            JsonNode details = get("/jobs/" + id);
            JsonNode checkpoints = getOrMissing("/jobs/" + id + "/checkpoints");
            long restarts =
                    FlinkRestParser.restarts(
                            getOrMissing("/jobs/" + id + "/metrics?get=numRestarts"));
            Map<String, FlinkRestParser.Backpressure> backpressure = new LinkedHashMap<>();
            if ("RUNNING".equals(job.path("state").asText())) {
                for (FlinkRestParser.Vertex v : FlinkRestParser.vertices(details)) {
                    JsonNode b =
                            getOrMissing("/jobs/" + id + "/vertices/" + v.id() + "/backpressure");
                    if (!b.isMissingNode()) {
                        backpressure.put(v.name(), FlinkRestParser.backpressure(b));
                    }
                }
            }
            return remember(FlinkRestParser.health(job, checkpoints, restarts, backpressure, now));
        } catch (IOException e) {
            return remember(
                    JobHealth.unreachable(
                            "Flink REST API at " + baseUrl + " did not answer: " + e.getMessage(),
                            now));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return JobHealth.unreachable("interrupted", now);
        }
    }

    /** Logs a failure once when it starts, not on every reading. */
    private JobHealth remember(JobHealth health) {
        String error = health.error();
        if (error != null && !error.equals(lastError)) {
            LOG.warn("job health: {}", error);
        } else if (error == null && lastError != null) {
            LOG.info("job health: Flink answers again");
        }
        lastError = error;
        return health;
    }

    private JsonNode getOrMissing(String path) throws InterruptedException {
        try {
            return get(path);
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT).GET().build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + " for " + path);
        }
        return JSON.readTree(response.body());
    }
}
