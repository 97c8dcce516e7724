package io.ferstream.ingest.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Read access to camera statuses, served by the status endpoint. */
public interface CameraStatusView {

    List<CameraStatus> all();

    Optional<CameraStatus> get(String cameraId);

    /**
     * A view over a key-value store (from {@code KafkaStreams#store} or a TopologyTestDriver),
     * looked up on each call because Kafka Streams hands out a new store after a rebalance.
     */
    static CameraStatusView of(
            Supplier<? extends ReadOnlyKeyValueStore<String, CameraStatus>> store) {
        return new CameraStatusView() {
            @Override
            public List<CameraStatus> all() {
                List<CameraStatus> out = new ArrayList<>();
                try (KeyValueIterator<String, CameraStatus> it = store.get().all()) {
                    while (it.hasNext()) {
                        KeyValue<String, CameraStatus> next = it.next();
                        out.add(next.value);
                    }
                }
                return out;
            }

            @Override
            public Optional<CameraStatus> get(String cameraId) {
                return Optional.ofNullable(store.get().get(cameraId));
            }
        };
    }
}
