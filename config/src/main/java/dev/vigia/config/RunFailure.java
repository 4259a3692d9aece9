package dev.vigia.config;

/**
 * A run that could not do its work although its input was accepted: a stage that kept failing,
 * an output file that could not be finished.
 *
 * <p>The message is one line naming what failed and its first error. The command line prints it
 * without a stack trace and exits with code 1.
 */
public class RunFailure extends RuntimeException {

    public RunFailure(String message) {
        super(message);
    }

    public RunFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
