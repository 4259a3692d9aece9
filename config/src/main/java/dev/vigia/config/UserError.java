package dev.vigia.config;

/**
 * A problem the user can fix: a wrong path, a bad option, a malformed file, no network.
 *
 * <p>The message is one line that says what is wrong and what to do. The command line prints it
 * without a stack trace and exits with code 2.
 */
public class UserError extends RuntimeException {

    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
