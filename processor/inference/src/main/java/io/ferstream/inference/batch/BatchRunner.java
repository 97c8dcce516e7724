package io.ferstream.inference.batch;

import java.util.List;

/**
 * Runs one batch: stacks the inputs into one tensor, runs the model once, unstacks the outputs.
 * Per-item pre- and post-processing stay outside (DJL's Translator/Batchifier split), so the runner
 * is the only piece that knows about batching.
 *
 * @param <I> one item's input (e.g. a preprocessed float tensor)
 * @param <O> one item's output
 */
@FunctionalInterface
public interface BatchRunner<I, O> {

    /**
     * @param inputs 1 to maxBatch items, in submission order
     * @return exactly one output per input, in the same order
     * @throws Exception any failure fails every request of this batch (and only this batch)
     */
    List<O> run(List<I> inputs) throws Exception;
}
