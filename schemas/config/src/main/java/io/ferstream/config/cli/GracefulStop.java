package io.ferstream.config.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Lets Ctrl-C (or a SIGTERM) end a command the way its own end would: the JVM's shutdown hook asks
 * the command to stop, then holds the JVM until the command has finished its outputs (flushed,
 * closed, summarised), for at most {@value #WAIT_SECONDS} s. Close it when the command is done.
 *
 * <pre>{@code
 * try (GracefulStop stop = GracefulStop.install("ferstream-camera", producer::close)) {
 *     producer.run(); // returns soon after the stop was asked
 *     printSummary();
 * }
 * }</pre>
 */
public final class GracefulStop implements AutoCloseable {

    static final int WAIT_SECONDS = 30;

    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    private GracefulStop(String name, Runnable stop) {
        this.hook =
                new Thread(
                        () -> {
                            stop.run();
                            try {
                                finished.await(WAIT_SECONDS, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        name + "-shutdown");
    }

    /**
     * Registers the hook.
     *
     * @param name the command's name, naming the hook's thread
     * @param stop asks the running command to stop; called on the hook's thread
     */
    public static GracefulStop install(String name, Runnable stop) {
        GracefulStop graceful = new GracefulStop(name, stop);
        Runtime.getRuntime().addShutdownHook(graceful.hook);
        return graceful;
    }

    /** The command is done: a shutdown in progress may go on, and a later one needs no hook. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it was waiting for `finished`
        }
    }
}
