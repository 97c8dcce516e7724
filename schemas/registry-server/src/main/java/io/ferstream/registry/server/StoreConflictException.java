package io.ferstream.registry.server;

/**
 * Another registry instance changed the shared log since this one last read it, so a change decided
 * on what this one knew was not stored. Catch up and decide again.
 */
public final class StoreConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreConflictException(String message) {
        super(message);
    }
}
