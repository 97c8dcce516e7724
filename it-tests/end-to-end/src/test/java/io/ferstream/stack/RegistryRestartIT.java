package io.ferstream.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferstream.registry.RegistryConfig;
import io.ferstream.registry.SchemaRegistryClient;
import io.ferstream.schema.CameraFrame;
import io.ferstream.schema.ExpressionEvent;
import io.ferstream.schema.FrameRejected;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Schema ids live in the broker's _schemas topic, so a new registry process keeps them. */
@ExtendWith(EmbeddedStackExtension.class)
class RegistryRestartIT {

    @Test
    void shouldKeepSchemaIdsAcrossARegistryRestart(EmbeddedStack stack) {
        // configure: register under fresh subjects
        String prefix = "restart-" + UUID.randomUUID().toString().substring(0, 8);
        int frameId;
        int eventId;
        try (SchemaRegistryClient client =
                new SchemaRegistryClient(RegistryConfig.of(stack.registryUrl()))) {
            frameId = client.register(prefix + "-frames-value", CameraFrame.getClassSchema());
            eventId = client.register(prefix + "-events-value", ExpressionEvent.getClassSchema());
        }

        // act: a new registry on the same broker
        stack.restartRegistry();

        // verify: a fresh client (empty caches) sees the same ids and schemas, and new ids continue
        // after them
        try (SchemaRegistryClient client =
                new SchemaRegistryClient(RegistryConfig.of(stack.registryUrl()))) {
            assertEquals(
                    frameId, client.lookup(prefix + "-frames-value", CameraFrame.getClassSchema()));
            assertEquals(
                    eventId,
                    client.lookup(prefix + "-events-value", ExpressionEvent.getClassSchema()));
            assertEquals(CameraFrame.getClassSchema(), client.schemaById(frameId));
            assertEquals(
                    frameId,
                    client.register(prefix + "-frames-value", CameraFrame.getClassSchema()));
            int rejectedId = client.register(prefix + "-dlq-value", FrameRejected.getClassSchema());
            assertEquals(
                    rejectedId,
                    client.register(prefix + "-dlq2-value", FrameRejected.getClassSchema()));
            assertEquals(true, rejectedId != frameId && rejectedId != eventId);
        }
    }
}
