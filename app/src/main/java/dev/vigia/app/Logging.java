package dev.vigia.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/** Switches logging to debug for {@code -v}. */
final class Logging {

    private static volatile boolean verbose;

    private Logging() {}

    static void setVerbose(boolean on) {
        verbose = on;
        if (on && LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            for (Logger logger : context.getLoggerList()) {
                if (logger.getLevel() != null) {
                    logger.setLevel(Level.DEBUG);
                }
            }
            context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.DEBUG);
        }
    }

    static boolean isVerbose() {
        return verbose;
    }
}
