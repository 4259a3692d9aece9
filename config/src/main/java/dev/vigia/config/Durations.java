package dev.vigia.config;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

/** Durations as people write them in flags and config files: "30s", "2m", "1h", "500ms" or plain seconds. */
public final class Durations {

    private Durations() {}

    /**
     * The duration {@code text} says, or null when there is no text. {@code what} names where the
     * text came from (a flag, a config key) in the error a wrong text gives.
     */
    public static Duration parse(String text, String what) {
        return parse(text, () -> new UserError(what + " '" + text + "' " + HOW_TO_WRITE));
    }

    /**
     * As {@link #parse(String, String)}, for a library's setting: a wrong text is an
     * {@link InvalidSettingException} naming {@code setting}, which a front end maps to its own flag.
     */
    public static Duration parse(String text, Setting setting) {
        return parse(text, () -> new InvalidSettingException(setting, text, setting.id() + " '" + text + "' " + HOW_TO_WRITE));
    }

    private static final String HOW_TO_WRITE = "is not a duration; write it like 30s, 2m, 1h or 500ms";

    private static Duration parse(String text, Supplier<UserError> notADuration) {
        if (text == null) {
            return null;
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
            }
            if (t.endsWith("m")) {
                return Duration.ofSeconds(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 60));
            }
            if (t.endsWith("h")) {
                return Duration.ofSeconds(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 3600));
            }
            return Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
        } catch (NumberFormatException e) {
            throw notADuration.get();
        }
    }
}
