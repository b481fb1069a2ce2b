package org.gridgate.gateway;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures what the door logs while a test runs: an appender attached to the root logger and to every logger that
 * does not pass its lines on to the root (the access log, {@code gridgate.access}) records each line's level, logger,
 * message and stack trace, whatever appenders the configuration writes them to. Tests run one at a time, so only the
 * door under test logs.
 */
public final class LogCapture implements AutoCloseable {

    private final StringBuilder captured = new StringBuilder();
    private final List<Logger> attachedTo = new ArrayList<>();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            StringBuilder line = new StringBuilder().append('[').append(event.getLevel()).append("] ")
                    .append(event.getLoggerName()).append(" - ").append(event.getFormattedMessage()).append('\n');
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null) {
                line.append(ThrowableProxyUtil.asString(thrown)).append('\n');
            }
            synchronized (captured) {
                captured.append(line);
            }
        }
    };

    public LogCapture() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        appender.setContext(context);
        appender.setName("LogCapture");
        appender.start();
        for (Logger logger : context.getLoggerList()) {
            if (logger.getName().equals(Logger.ROOT_LOGGER_NAME) || !logger.isAdditive()) {
                logger.addAppender(appender);
                attachedTo.add(logger);
            }
        }
    }

    /** Everything logged since this capture began. */
    public String text() {
        synchronized (captured) {
            return captured.toString();
        }
    }

    /** Waits up to five seconds for {@code expected} to be logged (lines written after a response was sent). */
    public String awaitContaining(String expected) throws InterruptedException {
        for (int i = 0; i < 50 && !text().contains(expected); i++) {
            Thread.sleep(100);
        }
        return text();
    }

    @Override
    public void close() {
        // Detached, not stopped: a line another thread began appending just before the detach would otherwise reach
        // a stopped appender, and Logback records that as a WARN in the shared context's status, which a later test
        // of the logging configuration reads (LoggingConfigurationTest failed so once in CI).
        for (Logger logger : attachedTo) {
            logger.detachAppender(appender);
        }
    }
}
