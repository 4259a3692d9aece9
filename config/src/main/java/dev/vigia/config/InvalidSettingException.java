package dev.vigia.config;

/**
 * A setting with a value that cannot work. Its message is neutral (it names the setting as the
 * library knows it, never a command-line flag); {@link #setting()} lets a front end, such as the
 * command line, name its own flag and add its hint.
 */
public class InvalidSettingException extends UserError {

    private final String setting;

    public InvalidSettingException(String setting, String message) {
        super(message);
        this.setting = setting;
    }

    /** The setting's snake_case name, as in a config file: {@code score}, {@code detector}, {@code connect_timeout}. */
    public String setting() {
        return setting;
    }
}
