package dev.vigia.config;

/**
 * A setting with a value that cannot work. Its message is neutral (it names the setting as the
 * library knows it, never a command-line flag); {@link #key()} lets a front end, such as the
 * command line, name its own flag and add its hint.
 */
public class InvalidSettingException extends UserError {

    private final Setting setting;
    private final String value;

    public InvalidSettingException(Setting setting, String message) {
        this(setting, null, message);
    }

    /** @param value the value that cannot work, for a front end's hint (may be null) */
    public InvalidSettingException(Setting setting, String value, String message) {
        super(message);
        this.setting = java.util.Objects.requireNonNull(setting, "setting");
        this.value = value;
    }

    /** The value given, when the hint needs it (a family name, a path), or null. */
    public String value() {
        return value;
    }

    /** The setting, typed: what a front end maps to its own flag. */
    public Setting key() {
        return setting;
    }

    /** The setting's snake_case name, as in a config file: {@code score}, {@code detector}, {@code connect_timeout}. */
    public String setting() {
        return setting.id();
    }
}
