package io.ferstream.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sorts sampled stacks, in async-profiler's collapsed format ({@code frame;frame;frame count} per
 * line, the thread first), into the pipeline's cost centres. A stack belongs to the first centre
 * whose marker occurs anywhere in it, so the order below matters: the JPEG decoder runs inside the
 * face-analysis operator, and it is counted as decoding, not as the operator.
 */
final class CostCentres {

    /** A cost centre and the frame-name fragments that identify its stacks. */
    record Centre(String name, List<String> markers) {}

    static final String OTHER = "other";

    static final List<Centre> CENTRES =
            List.of(
                    new Centre(
                            "JPEG decode (imdecode, BGR to RGB, pixels to the heap)",
                            List.of(
                                    "imdecode",
                                    "jpeg_",
                                    "io/ferstream/inference/image/ImageDecoder")),
                    new Centre(
                            "model calls (ONNX Runtime, both models)",
                            List.of("ai/onnxruntime", "onnxruntime", "Mlas", "libonnxruntime")),
                    new Centre(
                            "model inputs (resize, crop, normalise)",
                            List.of("io/ferstream/inference/image/Preprocessor")),
                    new Centre("Avro (frame records and events)", List.of("org/apache/avro")),
                    new Centre(
                            "Kafka producer and transactional sink",
                            List.of("kafka/clients/producer", "flink/connector/kafka/sink")),
                    new Centre(
                            "Kafka consumer and source (frames fetch)",
                            List.of("kafka/clients/consumer", "flink/connector/kafka/source")),
                    new Centre(
                            "embedded broker (same JVM)",
                            List.of(
                                    "kafka/server",
                                    "kafka/log",
                                    "kafka/network",
                                    "kafka/cluster",
                                    "kafka/coordinator",
                                    "org/apache/kafka/storage",
                                    "org/apache/kafka/server",
                                    "org/apache/kafka/raft",
                                    "org/apache/kafka/controller",
                                    "org/apache/kafka/network",
                                    "org/apache/kafka/coordinator",
                                    "org/apache/kafka/metadata",
                                    "org/apache/kafka/image")),
                    new Centre(
                            "checkpoints (snapshots, barriers)",
                            List.of(
                                    "flink/runtime/checkpoint",
                                    "flink/runtime/state",
                                    "snapshotState",
                                    "prepareSnapshotPreBarrier")),
                    new Centre(
                            "FerStream operators (intake, analysis glue, tracking, events)",
                            List.of("io/ferstream/")),
                    new Centre(
                            "Flink runtime (network buffers, serialisers, mailbox)",
                            List.of("org/apache/flink")),
                    new Centre("garbage collection", List.of("GC Thread", "G1 ", "[GC", "GCTask")),
                    new Centre(
                            "JIT compilation",
                            List.of("CompilerThread", "C2Compiler", "C1 Compiler")));

    private CostCentres() {}

    /** The centre of one collapsed stack (without its count). */
    static String of(String stack) {
        String s = stack.replace('.', '/');
        for (Centre centre : CENTRES) {
            for (String marker : centre.markers()) {
                if (s.contains(marker.replace('.', '/'))) {
                    return centre.name();
                }
            }
        }
        return OTHER;
    }

    /**
     * Sums the counts of a collapsed profile per centre, in {@link #CENTRES} order, {@link #OTHER}
     * last; centres without samples are left out.
     */
    static Map<String, Long> tally(String collapsed) {
        Map<String, Long> totals = new LinkedHashMap<>();
        CENTRES.forEach(c -> totals.put(c.name(), 0L));
        totals.put(OTHER, 0L);
        for (String line : collapsed.split("\n")) {
            int space = line.lastIndexOf(' ');
            if (space <= 0) {
                continue;
            }
            long count;
            try {
                count = Long.parseLong(line.substring(space + 1).trim());
            } catch (NumberFormatException e) {
                continue; // not a stack line
            }
            totals.merge(of(line.substring(0, space)), count, Long::sum);
        }
        totals.values().removeIf(v -> v == 0);
        return totals;
    }
}
