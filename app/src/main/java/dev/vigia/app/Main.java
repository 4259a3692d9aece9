package dev.vigia.app;

import dev.vigia.app.common.ExitCodes;
import dev.vigia.app.common.FlagHints;
import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.RunFailure;
import dev.vigia.config.UserError;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The {@code vigia} command line. Exit codes: 0 on success, 2 on a user error (one line on
 * stderr, no stack trace), 1 on a failed run (one line naming what failed) or an internal failure.
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line; used by tests to capture what a user would see. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new VigiaCommand());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            err.println("vigia: " + e.getMessage().replace(System.lineSeparator(), " ")
                    + "; see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'");
            return ExitCodes.USER_ERROR;
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            UserError userError = findCause(e, UserError.class);
            if (userError instanceof InvalidSettingException setting) {
                return report(err, FlagHints.message(setting), e, ExitCodes.USER_ERROR);
            }
            if (userError != null) {
                return report(err, userError.getMessage(), e, ExitCodes.USER_ERROR);
            }
            RunFailure runFailure = findCause(e, RunFailure.class);
            if (runFailure != null) {
                return report(err, runFailure.getMessage(), e, ExitCodes.FAILURE);
            }
            return report(err, "internal error: " + e + (Logging.isVerbose() ? "" : " (run with -v for details)"), e, ExitCodes.FAILURE);
        });
        return commandLine.execute(args);
    }

    /** One line for people; the stack trace only with -v. */
    private static int report(PrintWriter err, String message, Exception e, int exitCode) {
        err.println("vigia: " + message);
        if (Logging.isVerbose()) {
            e.printStackTrace(err);
        }
        return exitCode;
    }

    private static <T extends Throwable> T findCause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
