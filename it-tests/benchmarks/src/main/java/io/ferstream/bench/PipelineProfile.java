package io.ferstream.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import one.profiler.AsyncProfiler;
import one.profiler.Counter;

/**
 * async-profiler over the pipeline runs of a benchmark, and only those: {@link #resume} before each
 * run, {@link #pause} after, so the raw-limit runs and the warm-up in the same JVM stay out of it.
 * Samples the whole process (the MiniCluster, the embedded broker and ONNX Runtime's native
 * threads), which is what competes for the cores.
 *
 * <p>{@code cpu}: CPU-time samples (the {@code ctimer} engine, which needs no perf_events
 * permission); the timer's tick is coarser than asked for on some kernels, so each centre's share
 * of the samples is multiplied by the process' CPU time measured over the same runs. {@code alloc}:
 * bytes allocated on the Java heap, sampled by TLAB.
 */
final class PipelineProfile implements AutoCloseable {

    enum Kind {
        CPU("event=ctimer,interval=1ms", Counter.SAMPLES, "ms of CPU"),
        ALLOC("event=alloc", Counter.TOTAL, "KB allocated on the heap");

        final String options;
        final Counter counter;
        final String unit;

        Kind(String options, Counter counter, String unit) {
            this.options = options;
            this.counter = counter;
            this.unit = unit;
        }
    }

    private final AsyncProfiler profiler;
    private final Kind kind;
    private final Path folder;
    private final OperatingSystemMXBean os =
            ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
    private boolean started;
    private long frames;
    private long cpuNanos;

    PipelineProfile(Kind kind, Path folder) throws IOException {
        this.profiler = AsyncProfiler.getInstance();
        this.kind = kind;
        this.folder = Files.createDirectories(folder);
    }

    void resume() throws IOException {
        profiler.execute((started ? "resume," : "start,") + kind.options + ",threads");
        started = true;
        cpuNanos -= os.getProcessCpuTime();
    }

    /** Stops sampling after a run of {@code runFrames} frames. */
    void pause(long runFrames) throws IOException {
        profiler.execute("stop");
        cpuNanos += os.getProcessCpuTime();
        frames += runFrames;
    }

    /**
     * Writes the collapsed stacks (for a flame graph: async-profiler's {@code jfrconv} or
     * FlameGraph's {@code flamegraph.pl}) and returns a markdown table of the cost centres per
     * frame.
     */
    String report() throws IOException {
        String collapsed = profiler.dumpCollapsed(kind.counter);
        Path file =
                folder.resolve("pipeline-" + kind.name().toLowerCase(Locale.ROOT) + ".collapsed");
        Files.writeString(file, collapsed);
        Map<String, Long> centres = CostCentres.tally(collapsed);
        long total = centres.values().stream().mapToLong(Long::longValue).sum();
        long samples = collapsed.lines().filter(l -> !l.isBlank()).count();
        // per frame: a share of the measured CPU time, or bytes in KB
        double perUnit = kind == Kind.CPU ? total / (cpuNanos / 1e6) : 1024.0;
        StringBuilder out = new StringBuilder();
        out.append(
                String.format(
                        "%n### Profile: %s over the pipeline runs (%d frames, %d distinct stacks;"
                                + " async-profiler %s)%n%n",
                        kind.unit, frames, samples, profiler.getVersion()));
        out.append("| cost centre | ").append(kind.unit).append(" per frame | share |\n");
        out.append("|---|---:|---:|\n");
        centres.forEach(
                (name, value) ->
                        out.append(
                                String.format(
                                        "| %s | %.2f | %.1f %% |%n",
                                        name,
                                        value / perUnit / Math.max(1, frames),
                                        100.0 * value / Math.max(1, total))));
        out.append(
                String.format(
                        "| all | %.2f | 100 %% |%n%nCollapsed stacks: `%s`.%n",
                        total / perUnit / Math.max(1, frames), file));
        return out.toString();
    }

    @Override
    public void close() {
        try {
            profiler.execute("stop");
        } catch (IllegalStateException | IOException e) {
            // not running: nothing to stop
        }
    }
}
