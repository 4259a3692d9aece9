package dev.vigia.config;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one rule for the names users give cameras, zones and lines. A name becomes part of file
 * paths (snapshots, clips), URLs (the dashboard's routes), MQTT topics and Kafka keys, so it is
 * checked where it enters (a config file, a Kafka record) rather than escaped at every use:
 * 1 to 64 characters, letters, digits, '.', '_' and '-', starting with a letter or a digit.
 * No '/', '\', spaces or quotes; no name is "." or ".." or starts with a dot ("a..b" is allowed:
 * without a separator it is one path component, never a step up).
 */
public final class Names {

    public static final int MAX_LENGTH = 64;
    public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_LENGTH - 1) + "}");
    /** What a user is told, after the offending name. */
    public static final String RULE = "use 1-" + MAX_LENGTH + " letters, digits, '.', '_' or '-', starting with a letter or digit";

    private Names() {}

    public static boolean valid(String name) {
        return name != null && PATTERN.matcher(name).matches();
    }

    /**
     * Why {@code name} cannot be a {@code kind}'s name ("camera", "zone", "line"), or empty when it can.
     * The name is shown quoted and cut to a printable, bounded form, never as it came.
     */
    public static Optional<String> problem(String kind, String name) {
        if (valid(name)) {
            return Optional.empty();
        }
        if (name == null || name.isBlank()) {
            return Optional.of("every " + kind + " needs a name; " + RULE);
        }
        return Optional.of("'" + shown(name) + "' is not a valid " + kind + " name; " + RULE);
    }

    /** A bounded, printable form of untrusted text for a message or a log line (controls become '?'). */
    public static String shown(String text) {
        String cut = text.length() > 80 ? text.substring(0, 80) + "…" : text;
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}
