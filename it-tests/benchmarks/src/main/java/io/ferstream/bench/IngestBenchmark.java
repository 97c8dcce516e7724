package io.ferstream.bench;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG4;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.circle;

import io.ferstream.config.Problems;
import io.ferstream.config.cli.CommandLines;
import io.ferstream.config.cli.KafkaOptions;
import io.ferstream.config.cli.RegistryOptions;
import io.ferstream.ingest.camera.CameraProducer;
import io.ferstream.ingest.camera.CameraProducerConfig;
import io.ferstream.ingest.camera.FpsSampler;
import io.ferstream.ingest.camera.FrameEncoder;
import io.ferstream.ingest.camera.FramePipeline;
import io.ferstream.ingest.camera.GrabberSource;
import io.ferstream.ingest.camera.SourceOptions;
import io.ferstream.ingest.camera.SourceSpec;
import io.ferstream.ingest.cli.ClientSettings;
import io.ferstream.ingest.gate.FrameGate;
import io.ferstream.ingest.gate.GateConfig;
import io.ferstream.registry.AvroSerializer;
import io.ferstream.registry.RegistryConfig;
import io.ferstream.registry.server.SchemaRegistryServer;
import io.ferstream.schema.CameraFrame;
import io.ferstream.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Throughput of the ingest path on a generated 1080p video: decode, decode + JPEG encode (at source
 * size and downscaled), optionally producing to a real broker, and the gate's records/s through
 * TopologyTestDriver. Prints medians of several runs; no assertions.
 *
 * <p>{@code it-tests/bench.sh ingest [--frames N] [--runs R] [--bootstrap-servers host:port
 * --registry-url http://...]}
 */
@Command(
        name = "ingest-benchmark",
        mixinStandardHelpOptions = true,
        description =
                "Throughput of decoding, encoding, producing and the gate on a generated 1080p"
                        + " video.")
public final class IngestBenchmark implements Callable<Integer> {

    @Option(
            names = "--frames",
            defaultValue = "150",
            description = "Frames of the generated video (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(
            names = "--runs",
            defaultValue = "3",
            description = "Measured runs per figure; medians reported (default: ${DEFAULT-VALUE}).")
    int runs;

    @Mixin KafkaOptions kafka;

    @Mixin RegistryOptions registry;

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new CommandLine(new IngestBenchmark()), args));
    }

    @Override
    public Integer call() throws Exception {
        String bootstrap = kafka.bootstrapServers();
        String registryUrl = registry.url();
        Path dir = Files.createTempDirectory("ingest-bench");
        Path video = dir.resolve("bench-1080p.mp4");
        writeVideo(video, 1920, 1080, 30, frames);
        System.out.printf(
                "video: %s, 1920x1080, 30 fps, %d frames, MPEG-4, %d bytes; %d runs; %d cpus%n",
                video, frames, Files.size(video), runs, Runtime.getRuntime().availableProcessors());

        report("decode only (FFmpeg -> BGR Mat)", runs, frames, () -> decode(video));
        report("decode + JPEG q85 at 1920x1080", runs, frames, () -> pipeline(video, 0));
        report("decode + resize + JPEG q85 at 1280x720", runs, frames, () -> pipeline(video, 1280));

        if (bootstrap == null || registryUrl == null) {
            System.out.println(
                    "producing: skipped (give --bootstrap-servers and --registry-url to measure"
                            + " it)");
        } else {
            Problems problems = new Problems();
            ClientSettings clients = ClientSettings.of(kafka, registry, problems);
            problems.throwIfAny("arguments");
            report(
                    "decode + JPEG 1280 + produce (acks=all, idempotent)",
                    runs,
                    frames,
                    () -> produce(video, clients));
        }
        gate(frames, runs);
        return 0;
    }

    @FunctionalInterface
    private interface Run {
        long frames() throws Exception;
    }

    private static void report(String what, int runs, int expected, Run run) throws Exception {
        run.frames(); // warm-up: natives loaded, JIT
        double[] rates = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            long n = run.frames();
            rates[i] = n * 1e9 / (System.nanoTime() - start);
            if (n != expected) {
                System.out.printf("  (run %d handled %d frames of %d)%n", i, n, expected);
            }
        }
        Arrays.sort(rates);
        System.out.printf(
                "%-55s median %8.1f frames/s  (min %.1f, max %.1f)%n",
                what, rates[runs / 2], rates[0], rates[runs - 1]);
    }

    private static long decode(Path video) throws Exception {
        try (GrabberSource source =
                new GrabberSource(
                        SourceSpec.parse(video.toString()),
                        SourceOptions.defaults(),
                        Clock.systemUTC())) {
            source.open();
            long n = 0;
            while (source.next() != null) {
                n++;
            }
            return n;
        }
    }

    private static long pipeline(Path video, int maxDimension) throws Exception {
        GrabberSource source =
                new GrabberSource(
                        SourceSpec.parse(video.toString()),
                        SourceOptions.defaults(),
                        Clock.systemUTC());
        try (FramePipeline pipeline =
                new FramePipeline(
                        source,
                        new FpsSampler(0),
                        null,
                        new FrameEncoder(maxDimension, 85),
                        "bench",
                        0,
                        null)) {
            pipeline.open();
            long n = 0;
            while (pipeline.next() != null) {
                n++;
            }
            return n;
        }
    }

    private static long produce(Path video, ClientSettings clients) throws Exception {
        SourceOptions options = SourceOptions.defaults();
        CameraProducerConfig config =
                new CameraProducerConfig(
                        "bench-camera",
                        SourceSpec.parse(video.toString()),
                        options,
                        0,
                        1280,
                        85,
                        false,
                        clients.bootstrapServers(),
                        Topics.FRAMES_RAW,
                        clients.registry(),
                        clients.kafkaProperties(),
                        0,
                        0,
                        Duration.ofMillis(100),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(10),
                        "ingest-benchmark");
        try (CameraProducer producer = new CameraProducer(config)) {
            return producer.run().acked();
        }
    }

    private static void gate(int frames, int runs) throws Exception {
        try (SchemaRegistryServer registry = SchemaRegistryServer.inMemory()) {
            RegistryConfig registryConfig = RegistryConfig.of(registry.url());
            Path state = Files.createTempDirectory("ingest-bench-gate");
            GateConfig config =
                    GateConfig.builder("unused:9092", registryConfig)
                            .maxFpsPerCamera(0)
                            .stateDir(state.toString())
                            .build();
            Instant now = Instant.now();
            List<byte[]> values = new ArrayList<>();
            try (AvroSerializer<CameraFrame> serializer = new AvroSerializer<>(registryConfig);
                    GrabberSource source =
                            new GrabberSource(
                                    SourceSpec.parse(
                                            writeVideo(state.resolve("g.mp4"), 1280, 720, 30, 30)
                                                    .toString()),
                                    SourceOptions.defaults().withCaptureStart(now.minusSeconds(1)),
                                    Clock.systemUTC());
                    FramePipeline pipeline =
                            new FramePipeline(
                                    source,
                                    new FpsSampler(0),
                                    null,
                                    new FrameEncoder(0, 85),
                                    "cam-0",
                                    0,
                                    null)) {
                pipeline.open();
                CameraFrame frame;
                while ((frame = pipeline.next()) != null) {
                    values.add(serializer.serialize(Topics.FRAMES_RAW, frame));
                }
            }
            System.out.printf(
                    "gate input: %d distinct 1280x720 JPEG records of about %d bytes%n",
                    values.size(), values.get(0).length);
            byte[] key = "cam-0".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            // One driver (RocksDB stores, registry schema cache) for all runs: time the records,
            // not the setup.
            try (TopologyTestDriver driver =
                    new TopologyTestDriver(
                            FrameGate.buildTopology(config),
                            FrameGate.streamsConfig(config),
                            now)) {
                TestInputTopic<byte[], byte[]> in =
                        driver.createInputTopic(
                                Topics.FRAMES_RAW,
                                new ByteArraySerializer(),
                                new ByteArraySerializer());
                int records = frames * 10;
                report(
                        "gate (TopologyTestDriver, exactly_once_v2, all rules)",
                        runs,
                        records,
                        () -> {
                            for (int i = 0; i < records; i++) {
                                in.pipeInput(key, values.get(i % values.size()));
                            }
                            return records;
                        });
            }
        }
    }

    static Path writeVideo(Path file, int width, int height, int fps, int frames) throws Exception {
        try (FFmpegFrameRecorder recorder =
                        new FFmpegFrameRecorder(file.toFile(), width, height, 0);
                OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
            recorder.setFormat("mp4");
            recorder.setVideoCodec(AV_CODEC_ID_MPEG4);
            recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(fps);
            recorder.setVideoBitrate(8_000_000);
            recorder.start();
            for (int i = 0; i < frames; i++) {
                try (Mat mat =
                                new Mat(
                                        height,
                                        width,
                                        CV_8UC3,
                                        new Scalar(40 + i % 100, 120, 200 - i % 100, 0));
                        Point centre = new Point((i * 13) % width, height / 2);
                        Scalar white = new Scalar(255, 255, 255, 0)) {
                    circle(mat, centre, height / 5, white, -1, 8, 0);
                    recorder.record(converter.convert(mat));
                }
            }
            recorder.stop();
        }
        return file;
    }
}
