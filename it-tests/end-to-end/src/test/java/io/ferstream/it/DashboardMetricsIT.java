package io.ferstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every metric the Grafana dashboard ({@code docker/grafana/dashboards/ferstream.json}) queries
 * exists in a real scrape of the README's local run: {@code LocalPipeline} runs as its own process
 * (broker, registry, gate, Flink job with its Prometheus reporter, demo camera), and the job's and
 * the gate's {@code /metrics} pages are read until every queried name is there. A renamed metric,
 * or a dashboard query with a typo, fails here instead of drawing an empty panel.
 */
class DashboardMetricsIT {

    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final Path DASHBOARD = ROOT.resolve("docker/grafana/dashboards/ferstream.json");
    private static final Pattern METRIC = Pattern.compile("\\b(?:flink|ferstream)_[A-Za-z0-9_]+");
    private static final Pattern SAMPLE = Pattern.compile("^([A-Za-z_:][A-Za-z0-9_:]*)");

    @Test
    void everyMetricTheDashboardQueriesExistsInAScrapeOfTheLocalRun() throws Exception {
        Set<String> queried = queriedMetrics();
        assertTrue(queried.size() >= 20, "the dashboard's queries were not read: " + queried);

        int flinkPort = freePort();
        int registryPort = freePort();
        int gatePort = freePort();
        int prometheusPort = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx2g");
        command.addAll(List.of(System.getProperty("ferstream.jvm.opens", "").split(" ")));
        command.removeIf(String::isBlank);
        command.addAll(
                List.of(
                        "-Dlog4j2.configurationFile=log4j2-local.xml", // on the classpath
                        "-Dferstream.models.dir=" + ROOT.resolve("models"),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "io.ferstream.local.LocalPipeline",
                        "--run-for",
                        "300s",
                        "--flink-port",
                        Integer.toString(flinkPort),
                        "--registry-port",
                        Integer.toString(registryPort),
                        "--gate-port",
                        Integer.toString(gatePort),
                        "--prometheus-port",
                        Integer.toString(prometheusPort),
                        "--viewer-port",
                        Integer.toString(freePort())));
        Path log = Path.of("target", "dashboard-metrics-local-run.log").toAbsolutePath();
        Process local =
                new ProcessBuilder(command)
                        .directory(ROOT.resolve("it-tests/dev-stack").toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        Set<String> missing = new TreeSet<>(queried);
        try {
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
            while (!missing.isEmpty() && local.isAlive() && System.nanoTime() < deadline) {
                missing.removeAll(sampleNames(scrape(http, prometheusPort)));
                missing.removeAll(sampleNames(scrape(http, gatePort)));
                if (!missing.isEmpty()) {
                    Thread.sleep(2_000);
                }
            }
        } finally {
            local.destroy(); // TERM: the local run stops its components in order
            if (!local.waitFor(90, TimeUnit.SECONDS)) {
                local.destroyForcibly().waitFor();
            }
        }
        assertEquals(
                Set.of(),
                missing,
                "metrics the dashboard queries but the local run does not expose (its log: "
                        + log
                        + ")");
    }

    /** The metric names in every panel's PromQL expressions. */
    private static Set<String> queriedMetrics() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        Set<String> names = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher m = METRIC.matcher(target.path("expr").asText());
                while (m.find()) {
                    names.add(m.group());
                }
            }
        }
        return names;
    }

    private static Set<String> sampleNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!line.startsWith("#") && m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** A page, or nothing while the process is still starting. */
    private static String scrape(HttpClient http, int port) throws InterruptedException {
        try {
            HttpRequest request =
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                            .timeout(Duration.ofSeconds(10))
                            .build();
            return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
