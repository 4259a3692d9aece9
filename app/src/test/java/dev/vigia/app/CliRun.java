package dev.vigia.app;

import dev.vigia.config.VigiaHome;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What a user sees from one {@code vigia ...} command: exit code, stdout, stderr. */
public record CliRun(int exitCode, String out, String err) {

    /** Runs the command in this JVM: quick, but stderr holds only what picocli's writer got. */
    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }

    /**
     * Runs the command as a user does, in its own JVM with the shipped logging set-up: stderr is
     * everything the process wrote there (logs, library noise, stack traces), not just what
     * picocli's writer got.
     */
    public static CliRun inChild(String... args) throws IOException, InterruptedException {
        Path stdout = Files.createTempFile("vigia-out", ".txt");
        Path stderr = Files.createTempFile("vigia-err", ".txt");
        try {
            Process child = childProcess(args).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            if (!child.waitFor(5, TimeUnit.MINUTES)) {
                child.destroyForcibly();
                throw new AssertionError("vigia " + String.join(" ", args) + " did not finish");
            }
            return new CliRun(child.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    /** A {@code vigia} child process as the launcher starts it, on this build's classes. */
    public static ProcessBuilder childProcess(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-D" + VigiaHome.PROPERTY + "=" + VigiaHome.resolve(), "-Dai.djl.offline=true",
                "-Dlogback.configurationFile=" + Main.class.getResource("/logback.xml"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        if (System.getProperty("vigia.npm") != null) {
            command.add(command.size() - 1, "-Dvigia.npm=" + System.getProperty("vigia.npm"));
        }
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
        if (args.length > 0 && args[0].equals("train-generator")) {
            builder.environment().put("ONEDNN_MAX_CPU_ISA", "AVX2"); // as the launcher does, for the reason it gives
        }
        return builder;
    }

    /** A user error as the house style wants it: exit 2 and one line on stderr, no stack trace. */
    public boolean isOneLineUserError() {
        return exitCode == 2 && err.strip().lines().count() == 1 && err.startsWith("vigia: ")
                && !err.contains("Exception") && !err.contains("\tat ");
    }
}
