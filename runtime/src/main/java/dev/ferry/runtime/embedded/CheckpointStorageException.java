package dev.ferry.runtime.embedded;

/** The checkpoint storage is not usable; the message names the setting to fix. */
public final class CheckpointStorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CheckpointStorageException(String message) {
        super(message);
    }

    public CheckpointStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
