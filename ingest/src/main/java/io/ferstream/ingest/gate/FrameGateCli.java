package io.ferstream.ingest.gate;

import io.ferstream.ingest.cli.ClientProperties;
import io.ferstream.ingest.cli.DurationConverter;
import io.ferstream.image.ImageLimits;
import io.ferstream.registry.RegistryConfig;
import io.ferstream.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ferstream-gate}: parses arguments into a {@link GateConfig} and runs a {@link FrameGate} until stopped. */
@Command(name = "ferstream-gate", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Validates camera frames from frames.raw: accepted frames go to frames unchanged, rejections to frames.dlq.")
public final class FrameGateCli implements Callable<Integer> {

  @Option(names = "--bootstrap-servers", required = true, description = "Kafka bootstrap servers.")
  String bootstrapServers;

  @Option(names = "--registry-url", required = true, description = "Schema registry URL(s), comma separated.")
  String registryUrl;

  @Option(names = "--application-id", defaultValue = GateConfig.DEFAULT_APPLICATION_ID, description = "Kafka Streams application id (default: ${DEFAULT-VALUE}).")
  String applicationId;

  @Option(names = "--input-topic", defaultValue = Topics.FRAMES_RAW, description = "Default: ${DEFAULT-VALUE}.")
  String inputTopic;

  @Option(names = "--output-topic", defaultValue = Topics.FRAMES, description = "Default: ${DEFAULT-VALUE}.")
  String outputTopic;

  @Option(names = "--dlq-topic", defaultValue = Topics.FRAMES_DLQ, description = "Default: ${DEFAULT-VALUE}.")
  String dlqTopic;

  @Option(names = "--status-topic", defaultValue = GateConfig.DEFAULT_STATUS_TOPIC, description = "Compacted per-camera status topic (default: ${DEFAULT-VALUE}).")
  String statusTopic;

  @Option(names = "--processing-guarantee", defaultValue = "EXACTLY_ONCE_V2", description = "EXACTLY_ONCE_V2 or AT_LEAST_ONCE (default: ${DEFAULT-VALUE}).")
  ProcessingMode processingMode;

  @Option(names = "--max-width", defaultValue = "3840", description = "Widest image accepted (default: ${DEFAULT-VALUE} px).")
  int maxWidth;

  @Option(names = "--max-height", defaultValue = "2160", description = "Tallest image accepted (default: ${DEFAULT-VALUE} px).")
  int maxHeight;

  @Option(names = "--max-image-bytes", defaultValue = "" + Topics.MAX_FRAME_BYTES, description = "Largest encoded image accepted, in bytes (default: ${DEFAULT-VALUE}).")
  long maxImageBytes;

  @Option(names = "--max-future-skew", defaultValue = "5s", converter = DurationConverter.class, description = "Capture times further ahead of the gate's clock are rejected (default: ${DEFAULT-VALUE}).")
  Duration maxFutureSkew;

  @Option(names = "--max-age", defaultValue = "30s", converter = DurationConverter.class, description = "Frames older than this are stale (default: ${DEFAULT-VALUE}).")
  Duration maxAge;

  @Option(names = "--allowed-camera", split = ",", description = "Allow-list of camera ids (repeat or comma separate); default: all cameras.")
  Set<String> allowedCameras = Set.of();

  @Option(names = "--max-fps", defaultValue = "15", description = "Per-camera frame rate limit by capture time; 0 = none (default: ${DEFAULT-VALUE}).")
  double maxFps;

  @Option(names = "--status-window", defaultValue = "10s", converter = DurationConverter.class, description = "Window of the observed fps (default: ${DEFAULT-VALUE}).")
  Duration statusWindow;

  @Option(names = "--status-interval", defaultValue = "5s", converter = DurationConverter.class, description = "How often changed statuses are written to the status topic (default: ${DEFAULT-VALUE}).")
  Duration statusInterval;

  @Option(names = "--http-port", defaultValue = "8088", description = "Status endpoint port; 0 = any, -1 = off (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(names = "--state-dir", description = "Kafka Streams state directory.")
  String stateDir;

  @Option(names = "--streams-property", paramLabel = "KEY=VALUE", description = "Kafka Streams/client property (security, tuning); repeatable. schema.registry.* and basic.auth.* keys configure the registry client.")
  List<String> streamsProperties = List.of();

  @Option(names = "--streams-config", paramLabel = "FILE", description = "Properties file with Kafka Streams/client and registry properties.")
  Path streamsConfigFile;

  @Override
  public Integer call() throws InterruptedException {
    Map<String, String> props = ClientProperties.merge(streamsConfigFile, streamsProperties);
    Map<String, Object> registryProps = new HashMap<>(props);
    registryProps.put("schema.registry.url", registryUrl);
    RegistryConfig registry = RegistryConfig.fromProperties(registryProps);
    GateConfig config = GateConfig.builder(bootstrapServers, registry)
        .applicationId(applicationId).inputTopic(inputTopic).outputTopic(outputTopic).dlqTopic(dlqTopic).statusTopic(statusTopic)
        .processingMode(processingMode).imageLimits(new ImageLimits(maxImageBytes, maxWidth, maxHeight))
        .maxFutureSkew(maxFutureSkew).maxAge(maxAge).allowedCameras(allowedCameras).maxFpsPerCamera(maxFps)
        .statusWindow(statusWindow).statusInterval(statusInterval).httpPort(httpPort).stateDir(stateDir)
        .streamsOverrides(props)
        .build();
    CountDownLatch stopped = new CountDownLatch(1);
    FrameGate gate = new FrameGate(config);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      gate.close();
      stopped.countDown();
    }, "frame-gate-shutdown"));
    gate.start();
    stopped.await();
    return 0;
  }

  /** Runs the command; user errors (bad arguments or settings) print a message, not a stack trace. */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new FrameGateCli());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof IllegalArgumentException) {
        commandLine.getErr().println("ferstream-gate: " + e.getMessage());
        return CommandLine.ExitCode.USAGE;
      }
      throw e;
    });
    return cli.execute(args);
  }
}
