package io.ferstream.bench;

import io.ferstream.config.Values;
import io.ferstream.config.cli.CommandLines;
import io.ferstream.stack.EmbeddedStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How many cameras one machine carries: live runs of the job on the embedded stack with more and
 * more cameras of real video ({@link PanningCameras}) at 10 fps each, until the p99 latency from
 * produced to visible in read_committed passes the checkpoint interval + 500 ms, or the job falls
 * behind (frames still unanalysed when the run ends). Prints a markdown table: frames/s, faces/s
 * and latency percentiles per camera count, up to the knee. See it-tests/bench.sh.
 */
@Command(
        name = "capacity-benchmark",
        mixinStandardHelpOptions = true,
        description = "Cameras of 10 fps video one machine sustains; prints a markdown table.")
public final class CapacityBenchmark implements Callable<Integer> {

    @Option(
            names = "--cameras",
            split = ",",
            defaultValue = "1,2,3,4,5,6,8",
            description = "Camera counts, tried in order. Default: ${DEFAULT-VALUE}")
    int[] cameraCounts;

    @Option(
            names = "--seconds",
            defaultValue = "40",
            description = "Seconds of frames per camera count. Default: ${DEFAULT-VALUE}")
    int seconds;

    @Option(
            names = "--checkpoint-interval",
            defaultValue = "2s",
            description =
                    "checkpoint.interval; the bound is it + 500 ms. Default: ${DEFAULT-VALUE}")
    String checkpointInterval;

    @Option(
            names = "--parallelism",
            defaultValue = "1",
            description = "Job parallelism (and task slots). Default: ${DEFAULT-VALUE}")
    int parallelism;

    @Option(
            names = "--over-in-a-row",
            defaultValue = "2",
            description =
                    "Camera counts over the bound in a row before it stops (one over it alone can"
                            + " be noise). Default: ${DEFAULT-VALUE}")
    int overInARow;

    @Option(names = "--set", description = "Any other job key, e.g. --set inference.threads=2")
    Map<String, String> extra = new LinkedHashMap<>();

    /** The job has fallen behind when fewer than this share of the frames were analysed. */
    private static final double KEPT_UP = 0.99;

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new CommandLine(new CapacityBenchmark()), args));
    }

    @Override
    public Integer call() throws Exception {
        Map<String, String> jobSettings = new LinkedHashMap<>();
        jobSettings.put("parallelism", Integer.toString(parallelism));
        jobSettings.put("checkpoint.interval", checkpointInterval);
        jobSettings.putAll(extra);
        double boundMillis = Values.duration(checkpointInterval).toMillis() + 500.0;
        log("writing and reading back the camera videos");
        PanningCameras cameras =
                PanningCameras.build(
                        BenchWorkload.locateFixtures(),
                        Path.of("it-tests/benchmarks/target/capacity-videos"));
        StringBuilder rows = new StringBuilder();
        int knee = 0;
        int beyond = 0;
        try (EmbeddedStack stack =
                        EmbeddedStack.start(EmbeddedStack.Options.defaults().withPartitions(1, 1));
                BenchCluster cluster = new BenchCluster(parallelism)) {
            BenchWorkload photos = BenchWorkload.load(BenchWorkload.locateFixtures(), 1, 10);
            PipelineRunner runner = new PipelineRunner(stack, cluster, photos, jobSettings);
            log("warming up");
            runner.live(cameras, 1, PanningCameras.FPS, Duration.ofSeconds(10));
            for (int n : cameraCounts) {
                log(n + " cameras x " + PanningCameras.FPS + " fps for " + seconds + " s");
                PipelineRunner.Latency l =
                        runner.live(cameras, n, PanningCameras.FPS, Duration.ofSeconds(seconds));
                boolean keptUp = l.framesAnalysed() >= KEPT_UP * l.framesProduced();
                boolean within = keptUp && l.percentile(99) <= boundMillis;
                rows.append(
                        String.format(
                                "| %d | %.1f | %.1f | %.1f | %.0f / %.0f / %.0f | %d | %s |%n",
                                n,
                                l.framesProduced() / l.seconds(),
                                l.framesAnalysed() / l.seconds(),
                                l.faces() / l.seconds(),
                                l.percentile(50),
                                l.percentile(95),
                                l.percentile(99),
                                l.eventsMeasured(),
                                within
                                        ? "yes"
                                        : keptUp
                                                ? "no: p99 over the bound"
                                                : String.format(
                                                        "no: fell behind (%d of %d frames"
                                                                + " analysed)",
                                                        l.framesAnalysed(), l.framesProduced())));
                log(rows.substring(rows.lastIndexOf("| " + n + " |")).trim());
                if (within) {
                    knee = n;
                    beyond = 0;
                } else if (++beyond >= overInARow) {
                    break;
                }
            }
        }
        System.out.print(report(cameras, jobSettings, boundMillis, knee, rows));
        return 0;
    }

    private String report(
            PanningCameras cameras,
            Map<String, String> jobSettings,
            double boundMillis,
            int knee,
            StringBuilder rows) {
        return String.format(
                "%n## Capacity in cameras%n%n"
                        + "| | |%n|---|---|%n"
                        + "| machine | %s, %d cores, Java %s |%n"
                        + "| command | `it-tests/bench.sh capacity %s` |%n"
                        + "| job settings | %s (live mode, exactly-once sink) |%n"
                        + "| cameras | %s |%n"
                        + "| bound | p99 produced → visible to read_committed ≤ %.0f ms, and every"
                        + " frame analysed by the end |%n"
                        + "| most cameras within the bound | %d |%n%n"
                        + "| cameras | frames/s offered | frames/s analysed | faces/s | latency"
                        + " p50 / p95 / p99 (ms) | events measured | within the bound |%n"
                        + "|---:|---:|---:|---:|---|---:|---|%n%s",
                Machine.cpuModel(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                String.join(" ", commandLine()),
                jobSettings,
                cameras.describe(),
                boundMillis,
                knee,
                rows);
    }

    private List<String> commandLine() {
        List<String> args = new ArrayList<>();
        args.add("--cameras");
        args.add(
                String.join(",", Arrays.stream(cameraCounts).mapToObj(Integer::toString).toList()));
        args.add("--seconds " + seconds);
        args.add("--checkpoint-interval " + checkpointInterval);
        args.add("--parallelism " + parallelism);
        extra.forEach((k, v) -> args.add("--set " + k + "=" + v));
        return args;
    }

    private static void log(String message) {
        System.err.println("[capacity] " + message);
    }
}
