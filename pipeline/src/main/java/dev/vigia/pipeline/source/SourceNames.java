package dev.vigia.pipeline.source;

import dev.vigia.config.Redaction;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What may be shown of a source in logs, errors, titles and file names: a stream's scheme, host,
 * port and path, never its user name, password, query (tokens) or fragment.
 */
public final class SourceNames {

    /** Output base names are cut to this many characters. */
    public static final int MAX_FILE_BASE = 64;

    private SourceNames() {}

    /** {@code rtsp://admin:S3cret@cam/s1?token=x} → {@code rtsp://cam/s1}; a file or device as given. */
    public static String display(String source) {
        if (!source.contains("://")) {
            return source;
        }
        // Redaction is the one place that knows where the user info ends (a password may hold
        // '@' and '/'); what it leaves of it, the user name, is dropped here too, with the query.
        String redacted = Redaction.redact(source);
        String scheme = redacted.substring(0, redacted.indexOf("://"));
        String rest = redacted.substring(redacted.indexOf("://") + 3);
        int query = indexOfAny(rest, "?#");
        String beforeQuery = query < 0 ? rest : rest.substring(0, query);
        return scheme.toLowerCase(Locale.ROOT) + "://" + beforeQuery.substring(beforeQuery.lastIndexOf('@') + 1);
    }

    /**
     * A file base name for a source's outputs: a file's name without its extension, or a
     * stream's host and path with every other character made '_' (no credentials, no query),
     * at most {@link #MAX_FILE_BASE} characters.
     */
    public static String fileBase(String source) {
        String base;
        if (source.contains("://") || source.startsWith("webcam")) {
            String shown = display(source).replaceFirst("^[a-zA-Z0-9+.-]+://", "");
            base = shown.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^[_.]+|_+$", "");
        } else {
            String name = Path.of(source.replace("*", "all").replace("?", "any")).getFileName().toString();
            int dot = name.lastIndexOf('.');
            base = dot > 0 ? name.substring(0, dot) : name;
        }
        if (base.isEmpty()) {
            base = "source";
        }
        return base.length() <= MAX_FILE_BASE ? base : base.substring(0, MAX_FILE_BASE);
    }

    /**
     * A source's name made safe as a file base: characters other than letters, digits, '.', '_'
     * and '-' become '_' (the name is kept otherwise, dots included), at most {@link #MAX_FILE_BASE}.
     */
    public static String nameForFiles(String name) {
        String base = name.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^[_.]+", "");
        if (base.isEmpty()) {
            base = "source";
        }
        return base.length() <= MAX_FILE_BASE ? base : base.substring(0, MAX_FILE_BASE);
    }

    private static int indexOfAny(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
