package io.ferstream.processor.job;

import io.ferstream.config.KeyValues;
import io.ferstream.processor.config.JobConfig;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the job jar: {@code flink run ferstream-processor-job.jar --config job.properties
 * [--key value ...]}. Only parses arguments; {@link FerStreamJob} wires the job.
 */
public final class FerStreamJobMain {

    private static final Logger LOG = LoggerFactory.getLogger(FerStreamJobMain.class);

    private FerStreamJobMain() {}

    public static void main(String[] args) throws Exception {
        JobConfig config = JobConfig.fromMap(KeyValues.fromArguments(args));
        LOG.info("Starting FerStream with {}", config);
        FerStreamJob.checkKafkaAccess(config);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        FerStreamJob.fromConfig(config).build(env);
        env.execute(config.jobName());
    }
}
