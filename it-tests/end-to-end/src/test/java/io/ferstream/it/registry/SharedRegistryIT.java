package io.ferstream.it.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.registry.RegistryConfig;
import io.ferstream.registry.SchemaRegistryClient;
import io.ferstream.registry.server.KafkaSchemaStore;
import io.ferstream.registry.server.SchemaRegistryServer;
import io.ferstream.stack.EmbeddedStack;
import io.ferstream.stack.EmbeddedStackExtension;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two instances of FerStream's registry on one Kafka topic, as the chaos harness runs them: an id
 * registered through one is found through the other, and registrations racing through both never
 * give one id to two schemas.
 */
@ExtendWith(EmbeddedStackExtension.class)
class SharedRegistryIT {

    @Test
    void shouldShareIdsAndNeverGiveOneIdToTwoSchemas(EmbeddedStack stack) throws Exception {
        // configure: two instances on a fresh topic; clients of one, of the other, of both
        String topic = "_schemas-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> kafka = Map.of("bootstrap.servers", stack.bootstrapServers());
        try (SchemaRegistryServer first = instance(kafka, topic);
                SchemaRegistryServer second = instance(kafka, topic);
                SchemaRegistryClient viaFirst = client(first.url());
                SchemaRegistryClient viaSecond = client(second.url())) {
            ExecutorService threads = Executors.newFixedThreadPool(8);
            try {
                // act: 8 writers, 4 per instance, each registering 5 schemas, 2 of them shared
                List<Future<Map<Schema, Integer>>> writers = new ArrayList<>();
                for (int w = 0; w < 8; w++) {
                    SchemaRegistryClient via = w % 2 == 0 ? viaFirst : viaSecond;
                    int writer = w;
                    writers.add(threads.submit(registering(via, writer)));
                }
                Map<Schema, Integer> ids = new HashMap<>();
                for (Future<Map<Schema, Integer>> writer : writers) {
                    for (var e : writer.get(120, TimeUnit.SECONDS).entrySet()) {
                        Integer before = ids.putIfAbsent(e.getKey(), e.getValue());
                        assertTrue(
                                before == null || before.equals(e.getValue()),
                                "one schema, two ids: "
                                        + e.getKey()
                                        + " "
                                        + before
                                        + " "
                                        + e.getValue());
                    }
                }

                // verify: 8 x 3 own schemas + 2 shared, each its own id
                assertEquals(26, ids.size());
                assertEquals(26, new HashSet<>(ids.values()).size(), "an id given twice: " + ids);
                // each instance answers every id with the schema it was given for (fresh clients:
                // nothing cached)
                try (SchemaRegistryClient askFirst = client(first.url());
                        SchemaRegistryClient askSecond = client(second.url())) {
                    for (var e : ids.entrySet()) {
                        assertEquals(e.getKey(), askFirst.schemaById(e.getValue()));
                        assertEquals(e.getKey(), askSecond.schemaById(e.getValue()));
                    }
                }
            } finally {
                threads.shutdownNow();
            }

            // a client given both URLs goes on when the first instance is gone
            Schema late = record("Late", 0);
            int id = viaSecond.register("late-value", late);
            first.close();
            try (SchemaRegistryClient both =
                    new SchemaRegistryClient(RegistryConfig.of(first.url() + "," + second.url()))) {
                assertEquals(late, both.schemaById(id));
            }
        }
    }

    private static Callable<Map<Schema, Integer>> registering(
            SchemaRegistryClient via, int writer) {
        return () -> {
            Map<Schema, Integer> ids = new HashMap<>();
            for (int i = 0; i < 5; i++) {
                // writers 0..7 own schemas 0..2; schemas 3 and 4 are the same for every writer
                Schema schema = i < 3 ? record("W" + writer, i) : record("Shared", i);
                ids.put(schema, via.register("subject-" + writer + "-" + i + "-value", schema));
            }
            return ids;
        };
    }

    private static Schema record(String name, int variant) {
        return SchemaBuilder.record(name + "V" + variant)
                .namespace("io.ferstream.it.registry")
                .fields()
                .requiredLong("field" + variant)
                .endRecord();
    }

    private static SchemaRegistryServer instance(Map<String, Object> kafka, String topic) {
        return SchemaRegistryServer.start(
                new KafkaSchemaStore(kafka, topic), new InetSocketAddress("127.0.0.1", 0));
    }

    private static SchemaRegistryClient client(String url) {
        return new SchemaRegistryClient(RegistryConfig.of(url));
    }
}
