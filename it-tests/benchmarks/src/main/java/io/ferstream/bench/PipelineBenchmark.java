package io.ferstream.bench;

import io.ferstream.config.cli.CommandLines;
import io.ferstream.inference.AnalysisSettings;
import io.ferstream.processor.config.JobConfig;
import io.ferstream.stack.EmbeddedStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Issue 5's pipeline benchmark: the raw limit (decode + detector + classifier in a tight loop, same
 * analyzer configuration as the job) against the real pipeline (Kafka → FerStream job with
 * checkpointing and the exactly-once sink → committed expression-events), measured side by side in
 * one JVM, plus the produced-to-visible latency of a live run. Prints markdown. See
 * it-tests/bench.sh.
 */
@Command(
        name = "pipeline-benchmark",
        mixinStandardHelpOptions = true,
        description =
                "Raw analysis limit vs the FerStream pipeline on the embedded stack; prints a"
                        + " markdown report.")
public final class PipelineBenchmark implements Callable<Integer> {

    @Option(
            names = "--frames",
            defaultValue = "600",
            description = "Frames per measurement. Default: ${DEFAULT-VALUE}")
    int frames;

    @Option(
            names = "--runs",
            defaultValue = "3",
            description =
                    "Raw + pipeline measurements; medians reported. Default: ${DEFAULT-VALUE}")
    int runs;

    @Option(
            names = "--cameras",
            defaultValue = "4",
            description =
                    "Cameras (= frames topic partitions) in the replay. Default: ${DEFAULT-VALUE}")
    int cameras;

    @Option(
            names = "--segment",
            defaultValue = "10",
            description =
                    "Frames a camera shows the same photo before the next. Default:"
                            + " ${DEFAULT-VALUE}")
    int segment;

    @Option(
            names = "--parallelism",
            defaultValue = "1",
            description = "Job parallelism (and task slots). Default: ${DEFAULT-VALUE}")
    int parallelism;

    @Option(
            names = "--capacity",
            defaultValue = "16",
            description =
                    "analysis.capacity: frames in flight per subtask (raw: per driver thread)."
                            + " Default: ${DEFAULT-VALUE}")
    int capacity;

    @Option(
            names = "--checkpoint-interval",
            defaultValue = "1s",
            description = "checkpoint.interval. Default: ${DEFAULT-VALUE}")
    String checkpointInterval;

    @Option(
            names = "--set",
            description =
                    "Any other job key, e.g. --set inference.threads=2 --set"
                            + " inference.detector.max-batch=1")
    Map<String, String> extra = new LinkedHashMap<>();

    @Option(
            names = "--raw-drivers",
            split = ",",
            defaultValue = "1,2",
            description =
                    "Decode threads tried for the raw limit; the best is the limit. Default:"
                            + " ${DEFAULT-VALUE}")
    int[] rawDrivers;

    @Option(
            names = "--latency-seconds",
            defaultValue = "20",
            description = "Duration of the live latency phase (0: skip). Default: ${DEFAULT-VALUE}")
    int latencySeconds;

    @Option(
            names = "--latency-fps",
            defaultValue = "10",
            description =
                    "Frames per second per camera in the live phase. Default: ${DEFAULT-VALUE}")
    int latencyFps;

    @Option(
            names = "--latency-cameras",
            defaultValue = "2",
            description = "Cameras in the live phase. Default: ${DEFAULT-VALUE}")
    int latencyCameras;

    @Option(
            names = "--latency-segment",
            defaultValue = "7",
            description =
                    "Frames per photo in the live phase; not a multiple of the checkpoint"
                            + " interval's frames, so track starts fall at every phase of the"
                            + " checkpoint cycle. Default: ${DEFAULT-VALUE}")
    int latencySegment;

    @Option(
            names = "--profile",
            description =
                    "Profile the pipeline runs with async-profiler: CPU or ALLOC (Java heap"
                            + " allocations); adds a table of cost centres per frame")
    PipelineProfile.Kind profile;

    @Option(
            names = "--profile-out",
            defaultValue = "it-tests/benchmarks/target/profile",
            description = "Folder for the profile's collapsed stacks. Default: ${DEFAULT-VALUE}")
    Path profileOut;

    @Option(
            names = "--fixtures",
            description =
                    "Folder of the fixture photos (default: models/fixtures above the working"
                            + " directory)")
    Path fixtures;

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new CommandLine(new PipelineBenchmark()), args));
    }

    @Override
    public Integer call() throws Exception {
        BenchWorkload workload =
                BenchWorkload.load(
                        fixtures != null ? fixtures : BenchWorkload.locateFixtures(),
                        cameras,
                        segment);
        Map<String, String> jobSettings = new LinkedHashMap<>();
        jobSettings.put("parallelism", Integer.toString(parallelism));
        jobSettings.put("analysis.capacity", Integer.toString(capacity));
        jobSettings.put("checkpoint.interval", checkpointInterval);
        jobSettings.putAll(extra);

        List<RawLimit.Result> raws = new ArrayList<>();
        List<PipelineRunner.Throughput> pipes = new ArrayList<>();
        PipelineRunner.Latency latency = null;
        String profileReport = "";
        try (PipelineProfile profiler =
                        profile == null ? null : new PipelineProfile(profile, profileOut);
                EmbeddedStack stack =
                        EmbeddedStack.start(EmbeddedStack.Options.defaults().withPartitions(1, 1));
                BenchCluster cluster = new BenchCluster(parallelism)) {
            AnalysisSettings settings =
                    JobConfig.fromMap(PipelineRunner.baseConfig(stack, jobSettings)).analysis();
            PipelineRunner pipeline = new PipelineRunner(stack, cluster, workload, jobSettings);
            PipelineRunner livePipeline =
                    new PipelineRunner(
                            stack, cluster, workload.withSegment(latencySegment), jobSettings);
            log("warming up (JIT, ONNX sessions, Kafka and Flink classes)");
            try (RawLimit raw = new RawLimit(settings)) {
                raw.run(workload, Math.min(frames, 70), 1, capacity);
            }
            pipeline.replay(Math.min(frames, 70));
            for (int r = 1; r <= runs; r++) {
                RawLimit.Result best = null;
                // The analyzer is opened per run, as the job opens it per run: same sessions, fresh
                // batchers.
                try (RawLimit raw = new RawLimit(settings)) {
                    for (int drivers : rawDrivers) {
                        RawLimit.Result result = raw.run(workload, frames, drivers, capacity);
                        log(
                                String.format(
                                        "run %d raw, %d driver(s): %.1f frames/s",
                                        r, drivers, result.framesPerSecond()));
                        if (best == null || result.framesPerSecond() > best.framesPerSecond()) {
                            best = result;
                        }
                    }
                }
                raws.add(best);
                if (profiler != null) {
                    profiler.resume();
                }
                PipelineRunner.Throughput p = pipeline.replay(frames);
                if (profiler != null) {
                    profiler.pause(p.frames());
                }
                pipes.add(p);
                log(
                        String.format(
                                "run %d pipeline: %.1f frames/s (%.2f s, %d events)",
                                r, p.framesPerSecond(), p.seconds(), p.events()));
            }
            if (latencySeconds > 0) {
                log(
                        "live latency phase: "
                                + latencyCameras
                                + " cameras x "
                                + latencyFps
                                + " fps for "
                                + latencySeconds
                                + " s");
                latency =
                        livePipeline.live(
                                latencyCameras, latencyFps, Duration.ofSeconds(latencySeconds));
            }
            if (profiler != null) {
                profileReport = profiler.report();
            }
        }
        System.out.print(report(workload, jobSettings, raws, pipes, latency) + profileReport);
        return 0;
    }

    private String report(
            BenchWorkload workload,
            Map<String, String> jobSettings,
            List<RawLimit.Result> raws,
            List<PipelineRunner.Throughput> pipes,
            PipelineRunner.Latency latency) {
        StringBuilder out = new StringBuilder();
        double rawFps = median(raws, RawLimit.Result::framesPerSecond);
        double pipeFps = median(pipes, PipelineRunner.Throughput::framesPerSecond);
        double[] ratios = new double[raws.size()];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = pipes.get(i).framesPerSecond() / raws.get(i).framesPerSecond();
        }
        double facesPerFrame = (double) raws.get(0).faces() / raws.get(0).frames();
        out.append("\n## FerStream pipeline benchmark\n\n");
        out.append("| | |\n|---|---|\n");
        out.append(
                row(
                        "machine",
                        Machine.cpuModel()
                                + ", "
                                + Runtime.getRuntime().availableProcessors()
                                + " cores, Java "
                                + System.getProperty("java.version")));
        out.append(row("command", "it-tests/bench.sh " + String.join(" ", commandLine())));
        out.append(row("job settings", jobSettings.toString()));
        out.append(
                row(
                        "workload",
                        frames
                                + " frames, "
                                + cameras
                                + " cameras, photos "
                                + BenchWorkload.PHOTOS
                                + " looped, "
                                + segment
                                + " frames per photo"));
        out.append(row("faces per frame", String.format("%.2f", facesPerFrame)));
        out.append(
                row("raw frames/s (median of " + raws.size() + ")", String.format("%.1f", rawFps)));
        out.append(row("pipeline frames/s (median)", String.format("%.1f", pipeFps)));
        out.append(
                row(
                        "ratio pipeline ÷ raw (median of per-run ratios)",
                        String.format("%.2f", median(ratios))));
        out.append(
                row(
                        "faces/s raw / pipeline (median)",
                        String.format(
                                "%.1f / %.1f",
                                median(raws, RawLimit.Result::facesPerSecond),
                                median(pipes, PipelineRunner.Throughput::facesPerSecond))));
        if (latency != null) {
            out.append(
                    row(
                            "latency produced → visible to read_committed, p50/p95/p99 (ms)",
                            String.format(
                                    "%.0f / %.0f / %.0f (%d events caused by frames of %d produced;"
                                            + " %d events in all)",
                                    latency.percentile(50),
                                    latency.percentile(95),
                                    latency.percentile(99),
                                    latency.eventsMeasured(),
                                    latency.framesProduced(),
                                    latency.eventsTotal())));
        }
        out.append(
                row(
                        "mean batch detector / classifier, pipeline (job metrics, median)",
                        String.format(
                                "%.2f / %.2f",
                                median(pipes, p -> p.detector().meanBatch()),
                                median(pipes, p -> p.classifier().meanBatch()))));
        out.append(
                row(
                        "mean batch detector / classifier, raw (median)",
                        String.format(
                                "%.2f / %.2f",
                                median(raws, r -> r.detector().meanBatch()),
                                median(raws, r -> r.classifier().meanBatch()))));

        out.append(
                "\n"
                    + "### Per run\n\n"
                    + "| run | raw drivers | raw frames/s | raw s | pipeline frames/s | pipeline s"
                    + " | ratio | events | dead letters | det. batch raw/pipe | cls. batch raw/pipe"
                    + " |\n"
                    + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        for (int i = 0; i < raws.size(); i++) {
            RawLimit.Result r = raws.get(i);
            PipelineRunner.Throughput p = pipes.get(i);
            out.append(
                    String.format(
                            "| %d | %d | %.1f | %.2f | %.1f | %.2f | %.2f | %d | %d | %.2f / %.2f |"
                                    + " %.2f / %.2f |%n",
                            i + 1,
                            r.drivers(),
                            r.framesPerSecond(),
                            r.seconds(),
                            p.framesPerSecond(),
                            p.seconds(),
                            ratios[i],
                            p.events(),
                            p.deadLetters(),
                            r.detector().meanBatch(),
                            p.detector().meanBatch(),
                            r.classifier().meanBatch(),
                            p.classifier().meanBatch()));
        }

        out.append(
                "\n"
                    + "### Where the time goes (ms of work per frame, medians; wall ms per frame ="
                    + " 1000 / frames/s)\n\n"
                    + "| path | decode | detector model calls | classifier model calls | sum | wall"
                    + " per frame |\n"
                    + "|---|---:|---:|---:|---:|---:|\n");
        out.append(
                String.format(
                        "| raw | %.2f | %.2f | %.2f | %.2f | %.2f |%n",
                        median(raws, r -> r.decodeMillis() / r.frames()),
                        median(raws, r -> r.detector().modelMillis() / r.frames()),
                        median(raws, r -> r.classifier().modelMillis() / r.frames()),
                        median(
                                raws,
                                r ->
                                        (r.decodeMillis()
                                                        + r.detector().modelMillis()
                                                        + r.classifier().modelMillis())
                                                / r.frames()),
                        1000 / rawFps));
        out.append(
                String.format(
                        "| pipeline | %.2f | %.2f | %.2f | %.2f | %.2f |%n",
                        median(pipes, p -> p.decode()[1] / p.frames()),
                        median(pipes, p -> p.detector().modelMillis() / p.frames()),
                        median(pipes, p -> p.classifier().modelMillis() / p.frames()),
                        median(
                                pipes,
                                p ->
                                        (p.decode()[1]
                                                        + p.detector().modelMillis()
                                                        + p.classifier().modelMillis())
                                                / p.frames()),
                        1000 / pipeFps));
        out.append(
                "\n"
                    + "Pipeline wall time runs from job submission to the job's end (task"
                    + " deployment, model loading and the final checkpoint's commit included); the"
                    + " frames were produced before. Decode and model times come from the job's own"
                    + " metrics (decodeMicros, inferenceMicros: means of the last 1024"
                    + " samples).\n");
        return out.toString();
    }

    private List<String> commandLine() {
        return List.of(
                "--frames",
                Integer.toString(frames),
                "--runs",
                Integer.toString(runs),
                "--cameras",
                Integer.toString(cameras),
                "--parallelism",
                Integer.toString(parallelism),
                "--capacity",
                Integer.toString(capacity),
                "--checkpoint-interval",
                checkpointInterval,
                profile == null ? "" : "--profile " + profile,
                extra.isEmpty()
                        ? ""
                        : extra.entrySet().stream()
                                .map(e -> "--set " + e.getKey() + "=" + e.getValue())
                                .reduce((a, b) -> a + " " + b)
                                .orElse(""));
    }

    private static String row(String name, String value) {
        return "| " + name + " | " + value + " |\n";
    }

    private static <T> double median(List<T> items, ToDoubleFunction<T> f) {
        return median(items.stream().mapToDouble(f).toArray());
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static void log(String message) {
        System.err.println("[bench] " + message);
    }
}
