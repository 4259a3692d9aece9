package dev.vigia.models.detect;

/** A detector call ran far past its usual time and was abandoned ({@link WatchdogDetector}). */
public final class DetectorStuckException extends RuntimeException {

    public DetectorStuckException(String message) {
        super(message);
    }
}
