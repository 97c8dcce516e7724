package io.ferstream.inference.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.inference.model.LoadedModel;
import io.ferstream.inference.model.ModelLoader;
import io.ferstream.inference.testing.Fixtures;
import org.junit.jupiter.api.Test;

class SharedSessionsIT {

    private static final LoadedModel CLASSIFIER =
            ModelLoader.load(Fixtures.models().resolve("face-api/face_expression.json"));

    @Test
    void shouldShareOneSessionUntilTheLastUserReleasesIt() throws Exception {
        // configure
        SharedSessions sessions = new SharedSessions();
        ExecutionProviderConfig cpu = ExecutionProviderConfig.cpu(1);

        // act
        var first = sessions.acquire(CLASSIFIER, cpu);
        var second = sessions.acquire(CLASSIFIER, cpu);

        // verify: one session, two users; closed only after both released
        assertSame(first.get(), second.get());
        assertEquals(2, sessions.users(CLASSIFIER, cpu));
        first.close();
        first.close(); // idempotent
        assertEquals(1, sessions.users(CLASSIFIER, cpu));
        assertEquals(
                1,
                second.get().session().getInputNames().size(),
                "still open for the remaining user");
        second.close();
        assertEquals(0, sessions.users(CLASSIFIER, cpu));
        assertThrows(IllegalStateException.class, second::get);
    }

    @Test
    void shouldKeepSeparateSessionsForDifferentSettings() throws Exception {
        SharedSessions sessions = new SharedSessions();

        try (var one = sessions.acquire(CLASSIFIER, ExecutionProviderConfig.cpu(1));
                var two = sessions.acquire(CLASSIFIER, ExecutionProviderConfig.cpu(2))) {
            assertTrue(one.get() != two.get());
        }
    }

    @Test
    void shouldFallBackToCpuWhenCudaIsMissingOrUseIt() throws Exception {
        // act: CUDA requested with fallback allowed
        try (ModelSession session =
                SharedSessions.open(CLASSIFIER, ExecutionProviderConfig.cuda(0))) {
            // verify: on a host without CUDA (or with the CPU artifact) it runs on CPU and says why
            if (session.provider() == ExecutionProviderConfig.Provider.CPU) {
                assertTrue(
                        session.description().contains("CUDA requested but unavailable"),
                        session.description());
            } else {
                assertTrue(session.description().contains("CUDA device 0"), session.description());
            }
        }
    }

    @Test
    void shouldRefuseToRunWithoutCudaWhenFallbackIsOff() throws Exception {
        ExecutionProviderConfig strict = ExecutionProviderConfig.cuda(0).withFallbackToCpu(false);
        // Only a CUDA build on a CUDA host has nothing to refuse. The GPU artifact on a host
        // without
        // CUDA lists the provider yet cannot start it, and must be refused like the CPU artifact.
        try (ModelSession probe =
                SharedSessions.open(CLASSIFIER, ExecutionProviderConfig.cuda(0))) {
            org.junit.jupiter.api.Assumptions.assumeTrue(
                    probe.provider() == ExecutionProviderConfig.Provider.CPU,
                    "CUDA runs here: " + probe.description());
        }

        IllegalStateException error =
                assertThrows(
                        IllegalStateException.class, () -> SharedSessions.open(CLASSIFIER, strict));

        assertTrue(error.getMessage().contains("-Pgpu"), error.getMessage());
    }

    @Test
    void shouldRefuseNonsenseProviderSettings() {
        assertThrows(IllegalArgumentException.class, () -> ExecutionProviderConfig.cpu(0));
        assertThrows(IllegalArgumentException.class, () -> ExecutionProviderConfig.cuda(-1));
        assertThrows(
                IllegalArgumentException.class,
                () -> ExecutionProviderConfig.cuda(0).withGpuMemLimitBytes(-5));
    }
}
