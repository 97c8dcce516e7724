package io.ferstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostCentresTest {

    @Test
    void shouldCountDecodingInsideTheOperatorAsDecoding() {
        // configure: the decoder's native frames under the face-analysis operator's Java frames
        String stack =
                "[Source: frames-source tid=41];java/lang/Thread.run;"
                        + "io/ferstream/processor/functions/FaceAnalysisFunction.asyncInvoke;"
                        + "io/ferstream/inference/image/ImageDecoder.decode;"
                        + "Java_org_bytedeco_opencv_global_opencv_1imgcodecs_imdecode__;"
                        + "jpeg_read_scanlines";

        // act + verify
        assertEquals(
                "JPEG decode (imdecode, BGR to RGB, pixels to the heap)", CostCentres.of(stack));
    }

    @Test
    void shouldTellTheBrokerFromTheClientsAndTheRuntime() {
        assertEquals(
                "embedded broker (same JVM)",
                CostCentres.of(
                        "[data-plane-kafka-request-handler-0"
                                + " tid=9];kafka.server.KafkaApis.handle"));
        assertEquals(
                "Kafka producer and transactional sink",
                CostCentres.of(
                        "[kafka-producer-network-thread"
                            + " tid=7];org.apache.kafka.clients.producer.internals.Sender.run"));
        assertEquals(
                "Flink runtime (network buffers, serialisers, mailbox)",
                CostCentres.of(
                        "[tracking (1/1)"
                            + " tid=5];org/apache/flink/runtime/io/network/api/serialization/SpanningWrapper.transferFrom"));
        assertEquals(
                "garbage collection",
                CostCentres.of("[GC Thread#0 tid=3];G1ParScanThreadState::trim_queue"));
        assertEquals(CostCentres.OTHER, CostCentres.of("[main tid=1];java/lang/Object.wait"));
    }

    @Test
    void shouldSumCountsPerCentreInTheirOrderAndSkipOtherLines() {
        // configure
        String collapsed =
                String.join(
                        "\n",
                        "[t];org/apache/avro/io/BinaryDecoder.readBytes 5",
                        "[t];ai/onnxruntime/OrtSession.run 7",
                        "not a stack line",
                        "[t];org/apache/avro/generic/GenericDatumReader.read 2",
                        "[main];java/lang/Object.wait 1",
                        "");

        // act
        Map<String, Long> totals = CostCentres.tally(collapsed);

        // verify
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("model calls (ONNX Runtime, both models)", 7L);
        expected.put("Avro (frame records and events)", 7L);
        expected.put(CostCentres.OTHER, 1L);
        assertEquals(expected, totals);
        assertEquals(expected.keySet().stream().toList(), totals.keySet().stream().toList());
    }
}
