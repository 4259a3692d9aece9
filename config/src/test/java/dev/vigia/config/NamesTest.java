package dev.vigia.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NamesTest {

    @Test
    void acceptsPlainNames() {
        for (String name : new String[] {"lobby", "cam-3", "east_door.2", "A", "9th-floor", "x".repeat(64)}) {
            assertTrue(Names.valid(name), name);
            assertTrue(Names.problem("camera", name).isEmpty(), name);
        }
    }

    @Test
    void refusesNamesThatReachPathsMarkupOrTopics() {
        for (String name : new String[] {"../../../x", "lobby/east", "..", ".hidden", "-rf", "x\" onerror=\"alert(1)\" y=\"",
                "<img src=x>", "a b", "a\\b", "cam#1", "cam+", "x".repeat(65), "", " ", "a\0b", "caméra"}) {
            assertFalse(Names.valid(name), name);
            assertTrue(Names.problem("camera", name).isPresent(), name);
        }
        assertFalse(Names.valid(null));
    }

    @Test
    void theProblemNamesKindAndRuleAndShowsNoControlCharacters() {
        String problem = Names.problem("zone", "a\nb/c").orElseThrow();
        assertEquals("'a?b/c' is not a valid zone name; " + Names.RULE, problem);
        assertEquals("every line needs a name; " + Names.RULE, Names.problem("line", null).orElseThrow());
        assertEquals(81, Names.shown("y".repeat(500)).length());
    }
}
