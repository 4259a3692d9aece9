package dev.vigia.app.common;

/** What {@code vigia} exits with, for the commands that decide it themselves and for Main's handlers. */
public final class ExitCodes {

    /** A user error: one line on stderr, no stack trace. */
    public static final int USER_ERROR = 2;
    /** A failed run (one line naming what failed) or an internal failure. */
    public static final int FAILURE = 1;

    private ExitCodes() {}
}
