package io.ferstream.inference.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.ferstream.inference.batch.BatchRunner;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Stacks per-item float tensors into one {@code [n, ...itemShape]} input, runs the session once and
 * splits each requested output back into one array per item. Item i's outputs are returned as
 * {@code float[outputNames.size()][]}, in {@code outputNames} order.
 *
 * <p>The input lives in a reused direct buffer (ONNX Runtime reads it without a copy), so a runner
 * is meant for one thread, the batcher's worker; {@link #run} is synchronized to stay safe anyway.
 */
public final class OrtBatchRunner implements BatchRunner<float[], float[][]> {

    private final OrtSession session;
    private final String inputName;
    private final long[] itemShape;
    private final int itemSize;
    private final List<String> outputNames;
    private FloatBuffer buffer;

    public OrtBatchRunner(
            ModelSession session, String inputName, long[] itemShape, List<String> outputNames) {
        this.session = Objects.requireNonNull(session, "session").session();
        this.inputName = Objects.requireNonNull(inputName, "inputName");
        this.itemShape = itemShape.clone();
        long size = 1;
        for (long d : itemShape) {
            size *= d;
        }
        this.itemSize = Math.toIntExact(size);
        this.outputNames = List.copyOf(outputNames);
        if (!this.session.getInputNames().contains(inputName)) {
            throw new IllegalArgumentException(
                    "Model has no input '"
                            + inputName
                            + "'; it has "
                            + this.session.getInputNames());
        }
        for (String name : this.outputNames) {
            if (!this.session.getOutputNames().contains(name)) {
                throw new IllegalArgumentException(
                        "Model has no output '"
                                + name
                                + "'; it has "
                                + this.session.getOutputNames());
            }
        }
    }

    @Override
    public synchronized List<float[][]> run(List<float[]> inputs) throws OrtException {
        int n = inputs.size();
        FloatBuffer input = buffer(n * itemSize);
        for (float[] item : inputs) {
            if (item.length != itemSize) {
                throw new IllegalArgumentException(
                        "Input item has " + item.length + " floats, the model needs " + itemSize);
            }
            input.put(item);
        }
        input.rewind();
        long[] shape = new long[itemShape.length + 1];
        shape[0] = n;
        System.arraycopy(itemShape, 0, shape, 1, itemShape.length);
        List<float[][]> outputs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            outputs.add(new float[outputNames.size()][]);
        }
        try (OnnxTensor tensor = OnnxTensor.createTensor(OrtRuntime.environment(), input, shape);
                OrtSession.Result result =
                        session.run(Map.of(inputName, tensor), new LinkedHashSet<>(outputNames))) {
            for (int o = 0; o < outputNames.size(); o++) {
                OnnxValue value =
                        result.get(outputNames.get(o))
                                .orElseThrow(
                                        () ->
                                                new IllegalStateException(
                                                        "ONNX Runtime returned no output"));
                FloatBuffer all = ((OnnxTensor) value).getFloatBuffer();
                if (all == null || all.remaining() % n != 0) {
                    throw new IllegalStateException(
                            "Output '"
                                    + outputNames.get(o)
                                    + "' is not a float tensor with a batch of "
                                    + n);
                }
                int per = all.remaining() / n;
                for (int i = 0; i < n; i++) {
                    float[] item = new float[per];
                    all.get(item);
                    outputs.get(i)[o] = item;
                }
            }
        }
        return outputs;
    }

    private FloatBuffer buffer(int floats) {
        if (buffer == null || buffer.capacity() < floats) {
            buffer =
                    ByteBuffer.allocateDirect(floats * Float.BYTES)
                            .order(ByteOrder.nativeOrder())
                            .asFloatBuffer();
        }
        buffer.clear();
        buffer.limit(floats);
        return buffer;
    }
}
