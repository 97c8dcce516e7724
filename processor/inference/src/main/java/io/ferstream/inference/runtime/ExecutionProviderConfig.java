package io.ferstream.inference.runtime;

import java.io.Serializable;

/**
 * Where and how a session runs. Immutable and validated at construction.
 *
 * @param provider CUDA or CPU
 * @param deviceId CUDA device index (ignored for CPU)
 * @param gpuMemLimitBytes CUDA arena limit ({@code gpu_mem_limit}); 0 = ONNX Runtime's default (no
 *     limit)
 * @param preferFp16 with CUDA, run the descriptor's FP16 file when it has one
 * @param fallbackToCpu when CUDA is requested but unavailable, run on CPU instead of failing
 * @param intraOpThreads CPU threads per inference call (also used for CPU ops of a CUDA session)
 */
public record ExecutionProviderConfig(
        Provider provider,
        int deviceId,
        long gpuMemLimitBytes,
        boolean preferFp16,
        boolean fallbackToCpu,
        int intraOpThreads)
        implements Serializable {

    public enum Provider {
        CPU,
        CUDA
    }

    public ExecutionProviderConfig {
        if (provider == null) {
            throw new IllegalArgumentException("provider must be CPU or CUDA");
        }
        if (deviceId < 0) {
            throw new IllegalArgumentException(
                    "deviceId must be >= 0 (the CUDA device index), got " + deviceId);
        }
        if (gpuMemLimitBytes < 0) {
            throw new IllegalArgumentException(
                    "gpuMemLimitBytes must be >= 0 (0 = no limit), got " + gpuMemLimitBytes);
        }
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException(
                    "intraOpThreads must be >= 1: state the thread count (cores / task slots"
                            + " sharing this session is a good start), got "
                            + intraOpThreads);
        }
    }

    /** CPU with the given intra-op thread count. */
    public static ExecutionProviderConfig cpu(int intraOpThreads) {
        return new ExecutionProviderConfig(Provider.CPU, 0, 0, false, false, intraOpThreads);
    }

    /**
     * CUDA on one device, no memory limit, FP32, falling back to CPU (1 thread) when CUDA is
     * missing.
     */
    public static ExecutionProviderConfig cuda(int deviceId) {
        return new ExecutionProviderConfig(Provider.CUDA, deviceId, 0, false, true, 1);
    }

    public ExecutionProviderConfig withGpuMemLimitBytes(long bytes) {
        return new ExecutionProviderConfig(
                provider, deviceId, bytes, preferFp16, fallbackToCpu, intraOpThreads);
    }

    public ExecutionProviderConfig withPreferFp16(boolean fp16) {
        return new ExecutionProviderConfig(
                provider, deviceId, gpuMemLimitBytes, fp16, fallbackToCpu, intraOpThreads);
    }

    public ExecutionProviderConfig withFallbackToCpu(boolean fallback) {
        return new ExecutionProviderConfig(
                provider, deviceId, gpuMemLimitBytes, preferFp16, fallback, intraOpThreads);
    }

    public ExecutionProviderConfig withIntraOpThreads(int threads) {
        return new ExecutionProviderConfig(
                provider, deviceId, gpuMemLimitBytes, preferFp16, fallbackToCpu, threads);
    }

    /** A short description for logs and metric labels, e.g. {@code cuda:0} or {@code cpu}. */
    public String device() {
        return provider == Provider.CUDA ? "cuda:" + deviceId : "cpu";
    }
}
