package io.ferstream.processor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferstream.config.KeyValues;
import io.ferstream.inference.model.ModelsDirectory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The job configuration docker/ ships reads under today's keys: no key it sets was renamed away.
 */
class DeploymentConfigTest {

    @Test
    void shouldReadTheJobPropertiesOfTheDockerDeployment() {
        Map<String, String> settings =
                new HashMap<>(KeyValues.fromFile(repository().resolve("docker/job.properties")));
        settings.put("kafka.bootstrap.servers", "kafka:19092"); // submit-job.sh passes these three
        settings.put("schema.registry.url", "http://schema-registry:8081");
        settings.put("models.dir", "/opt/ferstream/models");

        JobConfig config = JobConfig.fromMap(settings);

        assertEquals(Duration.ofSeconds(10), config.checkpointInterval());
        assertEquals(Duration.ofMinutes(10), config.transactionTimeout());
    }

    private static Path repository() {
        return ModelsDirectory.locate().getParent(); // models/ sits at the repository's root
    }
}
