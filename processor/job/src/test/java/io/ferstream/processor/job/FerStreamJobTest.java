package io.ferstream.processor.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.processor.config.JobConfig;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/** The job's shape: what the dashboard shows and what savepoints rely on. */
class FerStreamJobTest {

    @Test
    void shouldNameEveryOperatorAndGiveItAStableUid() {
        // configure: the production job (nothing connects while the graph is built)
        JobConfig config =
                JobConfig.fromMap(
                        Map.of(
                                "kafka.bootstrap.servers",
                                "localhost:9092",
                                "schema.registry.url",
                                "http://localhost:8081"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();

        // act
        FerStreamJob.fromConfig(config).build(env);
        StreamGraph graph = env.getStreamGraph();

        // verify
        List<String> names =
                graph.getStreamNodes().stream().map(StreamNode::getOperatorName).toList();
        for (String expected :
                List.of(
                        "frames-source",
                        "intake",
                        "face-analysis",
                        "split-dead-letters",
                        "tracking",
                        "event-metrics")) {
            assertTrue(
                    names.stream().anyMatch(n -> n.contains(expected)), expected + " in " + names);
        }
        for (StreamNode node : graph.getStreamNodes()) {
            assertNotNull(node.getTransformationUID(), "uid of " + node.getOperatorName());
            assertFalse(node.getOperatorName().isBlank());
        }
        assertTrue(graph.getCheckpointConfig().isCheckpointingEnabled());
        assertEquals(10_000, graph.getCheckpointConfig().getCheckpointInterval());
    }
}
