package io.ferstream.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryConfigTest {

    @Test
    void shouldReadConfluentProperties() {
        RegistryConfig config =
                RegistryConfig.fromProperties(
                        Map.of(
                                "schema.registry.url", "http://a:8081, http://b:8081/",
                                "basic.auth.credentials.source", "USER_INFO",
                                "basic.auth.user.info", "fer:s3cret",
                                "auto.register.schemas", "false",
                                "ferstream.registry.max.retries", 5));

        assertEquals(List.of("http://a:8081", "http://b:8081"), config.urls());
        assertEquals("fer:s3cret", config.basicAuthUserInfo());
        assertFalse(config.autoRegister());
        assertEquals(5, config.maxRetries());
    }

    @Test
    void shouldTakeCredentialsFromTheUrlWithoutKeepingThemThere() {
        RegistryConfig config =
                RegistryConfig.fromProperties(
                        Map.of(
                                "schema.registry.url", "http://fer:s3cret@registry:8081",
                                "basic.auth.credentials.source", "URL"));

        assertEquals("fer:s3cret", config.basicAuthUserInfo());
        assertEquals(List.of("http://registry:8081"), config.urls());
    }

    @Test
    void shouldHideSecretsWhenPrinted() {
        RegistryConfig config =
                RegistryConfig.of("http://a:8081")
                        .withBasicAuth("fer:s3cret")
                        .withTls(
                                new TlsSettings(
                                        null, "trustpass", null, null, "keypass", null, null));

        String printed = config.toString();

        assertFalse(printed.contains("s3cret"), printed);
        assertFalse(printed.contains("trustpass"), printed);
        assertFalse(printed.contains("keypass"), printed);
        assertTrue(printed.contains("[hidden]"), printed);
    }

    @Test
    void shouldTellWhatToSetWhenTheUrlIsMissing() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> RegistryConfig.fromProperties(Map.of()));

        assertTrue(e.getMessage().contains("schema.registry.url"), e.getMessage());
    }

    @Test
    void shouldRejectInvalidValues() {
        assertThrows(IllegalArgumentException.class, () -> RegistryConfig.of("ftp://a"));
        assertThrows(
                IllegalArgumentException.class,
                () -> RegistryConfig.of("http://a").withBasicAuth("nocolon"));
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        RegistryConfig.fromProperties(
                                Map.of(
                                        "schema.registry.url",
                                        "http://a",
                                        "auto.register.schemas",
                                        "maybe")));
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        RegistryConfig.of("http://a")
                                .withRetries(-1, Duration.ofMillis(1), Duration.ofMillis(1)));
    }

    @Test
    void shouldDoubleTheBackoffUpToTheCapWithJitter() {
        RegistryConfig config =
                RegistryConfig.of("http://a")
                        .withRetries(5, Duration.ofMillis(100), Duration.ofMillis(350));

        for (int i = 0; i < 50; i++) {
            assertBetween(80, 120, config.backoff(1).toMillis());
            assertBetween(160, 240, config.backoff(2).toMillis());
            assertBetween(280, 420, config.backoff(3).toMillis());
            assertBetween(280, 420, config.backoff(9).toMillis());
        }
    }

    private static void assertBetween(long min, long max, long actual) {
        assertTrue(actual >= min && actual <= max, actual + " is not within " + min + ".." + max);
    }

    @Test
    void shouldReportEveryProblemAtOnceAndNameTheKeyATypoMeant() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                RegistryConfig.fromProperties(
                                        Map.of(
                                                "schema.registry.ulr", "http://a",
                                                "auto.register.schemas", "yes",
                                                "ferstream.registry.request.timeout", "15",
                                                "security.protocol", "SASL_SSL")));

        String msg = e.getMessage();
        assertTrue(
                msg.contains("schema.registry.ulr: unknown key; did you mean schema.registry.url?"),
                msg);
        assertTrue(msg.contains("schema.registry.url: required"), msg);
        assertTrue(msg.contains("auto.register.schemas: 'yes' is not a boolean"), msg);
        assertTrue(msg.contains("ferstream.registry.request.timeout: '15' has no unit"), msg);
        assertFalse(
                msg.contains("security.protocol"),
                "Kafka's settings are not the registry's to check: " + msg);
    }

    @Test
    void shouldNeverShowCredentialsInItsMessages() {
        IllegalArgumentException badUrl =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                RegistryConfig.fromProperties(
                                        Map.of(
                                                "schema.registry.url",
                                                "ftp://fer:s3cret@registry:8081",
                                                "basic.auth.credentials.source",
                                                "URL")));
        IllegalArgumentException badUserInfo =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                RegistryConfig.fromProperties(
                                        Map.of(
                                                "schema.registry.url",
                                                "http://registry:8081",
                                                "basic.auth.user.info",
                                                "s3cret-without-user")));

        assertFalse(badUrl.getMessage().contains("s3cret"), badUrl.getMessage());
        assertTrue(badUrl.getMessage().contains("ftp://registry:8081"), badUrl.getMessage());
        assertFalse(badUserInfo.getMessage().contains("s3cret"), badUserInfo.getMessage());
        assertTrue(
                badUserInfo
                        .getMessage()
                        .contains("basic.auth.user.info: '[hidden]' must look like user:password"),
                badUserInfo.getMessage());
    }

    @Test
    void shouldBeSerializableForFlink() throws Exception {
        try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
            out.writeObject(RegistryConfig.of("http://a:8081"));
        }
        assertNull(RegistryConfig.of("http://a").basicAuthUserInfo());
    }
}
