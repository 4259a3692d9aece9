package dev.vigia.app;

import java.io.PrintWriter;
import java.io.StringWriter;

/** What a user sees from one {@code vigia ...} command: exit code, stdout, stderr. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }

    /** A user error as the house style wants it: exit 2 and one line on stderr, no stack trace. */
    boolean isOneLineUserError() {
        return exitCode == 2 && err.strip().lines().count() == 1 && err.startsWith("vigia: ")
                && !err.contains("Exception") && !err.contains("\tat ");
    }
}
