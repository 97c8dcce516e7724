package io.ferstream.bench;

import io.ferstream.config.Values;
import io.ferstream.config.cli.CommandLines;
import io.ferstream.config.cli.DurationConverter;
import io.ferstream.inference.model.LoadedModel;
import io.ferstream.inference.model.ModelDescriptor;
import io.ferstream.inference.model.ModelDescriptorException;
import io.ferstream.inference.model.ModelLoader;
import io.ferstream.inference.model.ModelsDirectory;
import io.ferstream.inference.runtime.OrtRuntime;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.util.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Throughput of the face detector and the expression classifiers on ONNX Runtime at several batch
 * sizes, and the cost of the dynamic batcher compared with calling the session directly, measured
 * by the JMH benchmarks of {@link InferenceJmh}. Runs JMH in this process (each point in forked
 * JVMs), then prints a markdown table on stdout; JMH's progress, the forks' output and the logs go
 * to stderr. Ratios (speed-up over batch 1, batcher overhead) come from the results of the same
 * run. No assertions.
 *
 * <pre>
 * it-tests/bench.sh inference [--threads 1] [--classifiers face-api/face_expression.json,lnlj/lnlj.json]
 *     [--forks 2] [--warmup-iterations 3] [--iterations 5] [--iteration-time 1s]
 * </pre>
 */
@Command(
        name = "inference-benchmark",
        mixinStandardHelpOptions = true,
        description =
                "Throughput of the detector and the expression classifiers per batch size, and the"
                    + " dynamic batcher's overhead, measured with JMH; prints a markdown table.")
public final class InferenceBenchmark implements Callable<Integer> {

    @Option(
            names = "--threads",
            defaultValue = "1",
            description =
                    "Intra-op threads of every ONNX Runtime session. Default: ${DEFAULT-VALUE}")
    int threads;

    @Option(
            names = "--classifiers",
            split = ",",
            defaultValue = InferenceJmh.DEFAULT_CLASSIFIERS,
            description =
                    "Classifier descriptors under models/ to compare side by side; the first one"
                            + " also gets the batcher overhead. Default: ${DEFAULT-VALUE}")
    List<String> classifiers;

    @Option(
            names = "--batches",
            split = ",",
            defaultValue = "1,4,8,16,32",
            description =
                    "Batch sizes of the detector and the classifiers; speed-ups are over batch 1."
                            + " Default: ${DEFAULT-VALUE}")
    int[] batches;

    @Option(
            names = "--forks",
            defaultValue = "2",
            description = "JVMs forked per point (JMH -f). Default: ${DEFAULT-VALUE}")
    int forks;

    @Option(
            names = "--warmup-iterations",
            defaultValue = "3",
            description = "Warm-up iterations per fork (JMH -wi). Default: ${DEFAULT-VALUE}")
    int warmupIterations;

    @Option(
            names = "--iterations",
            defaultValue = "5",
            description = "Measured iterations per fork (JMH -i). Default: ${DEFAULT-VALUE}")
    int iterations;

    @Option(
            names = "--iteration-time",
            defaultValue = "1s",
            converter = DurationConverter.class,
            description =
                    "Length of each warm-up and measured iteration (JMH -w and -r), e.g. 500ms, 2s."
                            + " Default: ${DEFAULT-VALUE}")
    Duration iterationTime;

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new CommandLine(new InferenceBenchmark()), args));
    }

    @Override
    public Integer call() throws Exception {
        check();
        // stdout carries the table alone: log lines, and the forks' output that JMH relays to
        // System.out, go to stderr
        PrintStream table = System.out;
        System.setOut(System.err);
        try {
            table.print(measure());
            table.flush();
            return 0;
        } finally {
            System.setOut(table);
        }
    }

    private String measure() throws Exception {
        Path models = ModelsDirectory.locate();
        // fail fast on a wrong descriptor, before minutes of forks; the names label the table
        Map<String, String> names = new LinkedHashMap<>();
        names.put(
                InferenceJmh.DETECTOR,
                ModelLoader.load(models.resolve(InferenceJmh.DETECTOR)).name());
        for (String classifier : classifiers) {
            LoadedModel model;
            try {
                model = ModelLoader.load(models.resolve(classifier));
            } catch (ModelDescriptorException e) {
                throw new IllegalArgumentException("--classifiers: " + e.getMessage(), e);
            }
            if (model.descriptor().task() != ModelDescriptor.ModelTask.EXPRESSION_CLASSIFIER) {
                throw new IllegalArgumentException(
                        "--classifiers: "
                                + classifier
                                + " is a "
                                + model.descriptor().task()
                                + ", not an expression classifier");
            }
            names.put(classifier, model.name());
        }
        String inputs = describeInputs(models);

        String jmh = Pattern.quote(InferenceJmh.class.getName());
        String[] batchValues =
                Arrays.stream(batches).mapToObj(Integer::toString).toArray(String[]::new);
        TimeValue time = TimeValue.milliseconds(iterationTime.toMillis());
        Options options =
                new OptionsBuilder()
                        .include(jmh + "\\.(detector|classifier|direct|dynamicBatcher)$")
                        .param("threads", Integer.toString(threads))
                        .param("batch", batchValues)
                        .param("classifier", classifiers.toArray(String[]::new))
                        .param("model", InferenceJmh.DETECTOR, classifiers.get(0))
                        .forks(forks)
                        .warmupIterations(warmupIterations)
                        .warmupTime(time)
                        .measurementIterations(iterations)
                        .measurementTime(time)
                        .timeUnit(TimeUnit.SECONDS)
                        .shouldFailOnError(true)
                        // the fork finds models/ as this JVM did; its other JVM flags are
                        // InferenceJmh's @Fork(jvmArgs)
                        .jvmArgsAppend("-D" + ModelsDirectory.PROPERTY + "=" + models)
                        .build();
        Collection<RunResult> results =
                new Runner(
                                options,
                                OutputFormatFactory.createFormatInstance(
                                        System.err, VerboseMode.NORMAL))
                        .run();
        return report(results, names, inputs);
    }

    private void check() {
        List<String> problems = new ArrayList<>();
        if (threads < 1) {
            problems.add("--threads must be >= 1, got " + threads);
        }
        if (classifiers.isEmpty() || classifiers.stream().anyMatch(String::isBlank)) {
            problems.add("--classifiers needs at least one descriptor and no empty entry");
        }
        if (batches.length == 0 || Arrays.stream(batches).anyMatch(b -> b < 1)) {
            problems.add("--batches must be sizes >= 1, got " + Arrays.toString(batches));
        }
        if (forks < 1) {
            problems.add("--forks must be >= 1 (the models run in forked JVMs), got " + forks);
        }
        if (warmupIterations < 0) {
            problems.add("--warmup-iterations must be >= 0, got " + warmupIterations);
        }
        if (iterations < 1) {
            problems.add("--iterations must be >= 1, got " + iterations);
        }
        if (iterationTime.toMillis() < 1) {
            problems.add("--iteration-time must be at least 1ms, got " + iterationTime);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        classifiers = classifiers.stream().map(String::trim).distinct().toList();
        batches = Arrays.stream(batches).distinct().sorted().toArray();
    }

    /**
     * Runs the detector over the fixtures once here, as every fork does, to say what the inputs
     * are.
     */
    private String describeInputs(Path models) throws Exception {
        try (InferenceJmh.Model detector =
                InferenceJmh.Model.open(models, InferenceJmh.DETECTOR, threads)) {
            InferenceJmh.Inputs found = InferenceJmh.Inputs.detect(models, detector);
            return String.format(
                    "%d fixture frames (detector input %dx%d) and the %d face crops the detector"
                            + " finds in them, each classifier preprocessing them as its descriptor"
                            + " says; cycled to fill each batch.",
                    found.frames().size(),
                    detector.preprocessor.outWidth(),
                    detector.preprocessor.outHeight(),
                    found.boxes().size());
        }
    }

    private String report(Collection<RunResult> results, Map<String, String> names, String inputs) {
        Map<String, Result<?>> byKey = new LinkedHashMap<>();
        for (RunResult run : results) {
            var params = run.getParams();
            String method =
                    params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
            String model =
                    switch (method) {
                        case "detector" -> InferenceJmh.DETECTOR;
                        case "classifier" -> params.getParam("classifier");
                        default -> params.getParam("model");
                    };
            String batch = params.getParam("batch") != null ? params.getParam("batch") : "";
            byKey.put(key(method, model, batch), run.getPrimaryResult());
        }

        StringBuilder out = new StringBuilder();
        out.append(
                String.format(
                        "Machine: %s, %d logical cores visible to the JVM, Java %s, ONNX Runtime"
                                + " %s, CPU provider, %d intra-op thread(s), allow_spinning=0.%n",
                        Machine.cpuModel(),
                        Runtime.getRuntime().availableProcessors(),
                        System.getProperty("java.version"),
                        OrtRuntime.environment().getVersion(),
                        threads));
        out.append(
                String.format(
                        "JMH %s, throughput mode: %d fork(s) x (%d warm-up + %d measured iterations"
                            + " of %s) per point; error: half the width of JMH's 99.9%% confidence"
                            + " interval (none under 3 measured iterations in all).%n",
                        Version.getPlainVersion(),
                        forks,
                        warmupIterations,
                        iterations,
                        Values.format(iterationTime)));
        out.append("Inputs: ").append(inputs).append('\n');

        out.append(
                "\n"
                        + "| model | batch | ms per call | items/s | error | vs batch 1 |\n"
                        + "|---|---:|---:|---:|---:|---:|\n");
        Map<String, String> benchmarkOf = new LinkedHashMap<>();
        benchmarkOf.put(InferenceJmh.DETECTOR, "detector");
        classifiers.forEach(classifier -> benchmarkOf.put(classifier, "classifier"));
        benchmarkOf.forEach(
                (model, benchmark) -> {
                    Result<?> one = byKey.get(key(benchmark, model, "1"));
                    for (int batch : batches) {
                        Result<?> r = byKey.get(key(benchmark, model, Integer.toString(batch)));
                        if (r == null) {
                            continue;
                        }
                        String speedUp =
                                one == null
                                        ? ""
                                        : String.format(
                                                "%.2fx", r.getScore() * batch / one.getScore());
                        out.append(
                                String.format(
                                        "| %s | %d | %.2f | %s | %s |%n",
                                        names.get(model),
                                        batch,
                                        1000 / r.getScore(),
                                        scoreAndError(r, batch),
                                        speedUp));
                    }
                });

        out.append(
                String.format(
                        "%n| batch of %d | path | ms per call | calls/s | error | overhead |%n",
                        InferenceJmh.BATCHER_ITEMS));
        out.append("|---|---|---:|---:|---:|---:|\n");
        for (String model : List.of(InferenceJmh.DETECTOR, classifiers.get(0))) {
            Result<?> direct = byKey.get(key("direct", model, ""));
            Result<?> batched = byKey.get(key("dynamicBatcher", model, ""));
            if (direct == null || batched == null) {
                continue;
            }
            double directMs = 1000 / direct.getScore();
            double batchedMs = 1000 / batched.getScore();
            out.append(
                    String.format(
                            "| %s | session directly | %.2f | %s | |%n",
                            names.get(model), directMs, scoreAndError(direct, 1)));
            out.append(
                    String.format(
                            "| %s | DynamicBatcher | %.2f | %s | %+.2f ms (%+.1f%%) |%n",
                            names.get(model),
                            batchedMs,
                            scoreAndError(batched, 1),
                            batchedMs - directMs,
                            100 * (batchedMs - directMs) / directMs));
        }
        return out.toString();
    }

    private static String key(String method, String model, String batch) {
        return method + '|' + model + '|' + batch;
    }

    /**
     * Two cells: the score in calls/s times {@code items} per call, and JMH's error scaled alike
     * (empty when JMH gives none: it needs at least 3 measured iterations over all forks).
     */
    private static String scoreAndError(Result<?> r, int items) {
        double error = r.getScoreError();
        return String.format(
                "%.1f | %s",
                r.getScore() * items,
                Double.isNaN(error) ? "" : String.format("%.1f", error * items));
    }
}
