package io.ferstream.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.config.KeyValues;
import io.ferstream.processor.config.JobConfig;
import io.ferstream.registry.RegistryConfig;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The secured stack's keys and the client settings it writes for each principal. */
class StackSecurityTest {

    @Test
    void writesKeysAndClientSettingsThatTheComponentsAccept(@TempDir Path dir) throws Exception {
        StackSecurity security = StackSecurity.generate(dir);
        security.writeClientConfigs(dir, "https://127.0.0.1:8081");

        // the truststore holds the certificate of localhost and 127.0.0.1
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(security.truststore())) {
            trust.load(in, security.storePassword().toCharArray());
        }
        X509Certificate certificate = (X509Certificate) trust.getCertificate("localhost");
        assertTrue(
                certificate.getSubjectAlternativeNames().stream()
                        .anyMatch(name -> name.get(1).equals("127.0.0.1")),
                "" + certificate.getSubjectAlternativeNames());

        for (String principal : StackSecurity.PRINCIPALS) {
            Path file = dir.resolve(principal + ".properties");
            assertEquals(
                    "rw-------",
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            Map<String, String> settings = KeyValues.fromFile(file);
            Map<String, String> registry = new HashMap<>();
            settings.forEach(
                    (key, value) -> {
                        if (RegistryConfig.isRegistrySetting(key)) {
                            registry.put(key, value);
                        } else {
                            assertTrue(
                                    ProducerConfig.configNames().contains(key),
                                    key + " is a Kafka client setting");
                        }
                    });
            RegistryConfig config = RegistryConfig.fromProperties(registry);
            assertEquals(List.of("https://127.0.0.1:8081"), config.urls());
            assertFalse(config.toString().contains(security.password(principal)));
        }

        // the job's file passes the job's configuration grammar, which refuses unknown keys
        Map<String, String> job = new HashMap<>(KeyValues.fromFile(dir.resolve("job.properties")));
        job.put("kafka.bootstrap.servers", "localhost:9093");
        JobConfig config = JobConfig.fromMap(job);
        assertEquals("SASL_SSL", config.kafkaClientProperties().get("security.protocol"));
        assertFalse(config.toString().contains(security.password(StackSecurity.PROCESSOR)));

        for (String secret : security.secrets()) {
            assertFalse(security.toString().contains(secret));
        }
    }
}
