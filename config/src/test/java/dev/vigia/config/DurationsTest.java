package dev.vigia.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void eachUnitAndPlainSecondsGiveTheirDuration() {
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms", "--x"));
        assertEquals(Duration.ofMillis(1500), Durations.parse("1.5s", "--x"));
        assertEquals(Duration.ofSeconds(120), Durations.parse("2m", "--x"));
        assertEquals(Duration.ofSeconds(5400), Durations.parse(" 1.5H ", "--x"));
        assertEquals(Duration.ofMillis(2250), Durations.parse("2.25", "--x"));
        assertNull(Durations.parse(null, "--x"));
    }

    @Test
    void aWrongTextNamesWhereItCameFromAndHowToWriteIt() {
        UserError e = assertThrows(UserError.class, () -> Durations.parse("soon", "--duration"));
        assertEquals("--duration 'soon' is not a duration; write it like 30s, 2m, 1h or 500ms", e.getMessage());
        assertThrows(UserError.class, () -> Durations.parse("1.5ms", "connect_timeout"));
    }

    @Test
    void aWrongSettingTextIsThatSettingsErrorWithoutAFlag() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> Durations.parse("5 sec", Setting.CONNECT_TIMEOUT));
        assertEquals("connect_timeout '5 sec' is not a duration; write it like 30s, 2m, 1h or 500ms", e.getMessage());
        assertEquals(Setting.CONNECT_TIMEOUT, e.key());
        assertEquals("5 sec", e.value());
        assertEquals(Duration.ofMinutes(90), Durations.parse("1.5h", Setting.DURATION));
    }
}
