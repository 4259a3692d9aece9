package dev.vigia.monitor.web;

import dev.vigia.config.InvalidSettingException;
import dev.vigia.config.Setting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The dashboard's token read from a file, so that it never shows on a command line ({@code ps}
 * lists those to every user of the machine). Surrounding white space and the final newline are
 * not part of it.
 */
public final class TokenFile {

    /** A token is a line, not a document; a bigger file is surely the wrong one. */
    static final int MAX_BYTES = 4096;

    private TokenFile() {}

    /** @throws InvalidSettingException (setting {@code token-file}) for a file that cannot be read, is too big or holds no token */
    public static String read(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new InvalidSettingException(Setting.TOKEN_FILE, file.toString(),
                        file + " is over " + MAX_BYTES + " bytes; the token file holds the token alone");
            }
            String token = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
            if (token.isEmpty() || token.contains("\n")) {
                throw new InvalidSettingException(Setting.TOKEN_FILE, file.toString(),
                        file + " must hold the token alone, on one line");
            }
            return token;
        } catch (IOException e) {
            throw new InvalidSettingException(Setting.TOKEN_FILE, file.toString(), "Cannot read the token file " + file);
        }
    }
}
