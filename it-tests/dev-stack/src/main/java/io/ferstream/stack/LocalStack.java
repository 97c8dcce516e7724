package io.ferstream.stack;

import io.ferstream.config.cli.CommandLines;
import io.ferstream.config.cli.DurationConverter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the local stack (KRaft broker, schema registry, FerStream topics) until Ctrl-C, printing
 * where everything listens.
 */
@Command(
        name = "local-stack",
        mixinStandardHelpOptions = true,
        description =
                "Runs an in-process Kafka broker, a Confluent-compatible schema registry and the"
                        + " FerStream topics.")
public final class LocalStack implements Callable<Integer> {

    @Option(
            names = "--registry-port",
            defaultValue = "8081",
            description =
                    "Schema registry port on 127.0.0.1 (0: any free port). Default:"
                            + " ${DEFAULT-VALUE}")
    int registryPort;

    @Option(
            names = "--frame-partitions",
            defaultValue = "4",
            description = "Partitions of frames.raw and frames. Default: ${DEFAULT-VALUE}")
    int framePartitions;

    @Option(
            names = "--event-partitions",
            defaultValue = "2",
            description =
                    "Partitions of frames.dlq and expression-events. Default: ${DEFAULT-VALUE}")
    int eventPartitions;

    @Option(
            names = "--frame-retention",
            defaultValue = "10min",
            converter = DurationConverter.class,
            description = "Retention of the frame topics. Default: ${DEFAULT-VALUE}")
    Duration frameRetention;

    @Option(
            names = "--secured",
            paramLabel = "DIR",
            description =
                    "Secure the stack: SASL_SSL (SCRAM-SHA-512) with ACLs per principal, and the"
                        + " registry on https with basic auth. Keys, certificate and passwords are"
                        + " made fresh in DIR, with each principal's client settings"
                        + " (<principal>.properties for --client-config, job.properties for the"
                        + " job).")
    Path secured;

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new CommandLine(new LocalStack()), args));
    }

    @Override
    public Integer call() throws InterruptedException {
        CountDownLatch stopRequested = new CountDownLatch(1);
        StopSignals.install(stopRequested::countDown);
        EmbeddedStack.Options options =
                new EmbeddedStack.Options(
                        registryPort, framePartitions, eventPartitions, frameRetention);
        StackSecurity security = secured == null ? null : StackSecurity.generate(secured);
        try (EmbeddedStack stack =
                security == null
                        ? EmbeddedStack.start(options)
                        : EmbeddedStack.startSecured(options, security)) {
            System.out.println("FerStream local stack is up.");
            System.out.println(stack.describe());
            if (security != null) {
                security.writeClientConfigs(secured, stack.registryUrl());
                System.out.println(
                        "Client settings:         "
                                + secured
                                + "/<principal>.properties for "
                                + StackSecurity.PRINCIPALS
                                + ", job.properties for the job");
            }
            System.out.println("Press Ctrl-C to stop.");
            stopRequested.await();
            System.out.println("Stopping the local stack...");
        }
        System.out.println("Stopped.");
        return 0;
    }
}
