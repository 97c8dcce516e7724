package io.ferstream.it;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Looks for secrets where they must never be: every log line of this JVM at INFO (Kafka's and
 * Flink's included, which the test configuration otherwise keeps at WARN), and any text handed to
 * {@link #scan} (dead letters, a metrics scrape, JMX). A finding names where the secret was and
 * which one (by its index), never the secret itself.
 */
final class SecretScan implements AutoCloseable {

    /** Loggers the test configuration quiets, opened to INFO while scanning. */
    private static final List<String> QUIET_LOGGERS =
            List.of("org.apache", "kafka", "state.change.logger");

    private final List<String> secrets = new ArrayList<>();
    private final Collection<String> findings = new ConcurrentLinkedQueue<>();
    private final AtomicLong logLines = new AtomicLong();
    private final Collection<String> logMessages = new ConcurrentLinkedQueue<>();
    private final Map<String, Level> levelsBefore = new java.util.HashMap<>();
    private final LoggerContext context;
    private final Appender capture;
    private final List<Appender> consoles;
    private final Level rootLevelBefore;

    /**
     * Starts capturing logs.
     *
     * @param secrets the secrets; each is also sought as base64 of {@code user:password} when
     *     {@code users} names its user
     * @param users user name of each secret that is a password, for basic-auth headers
     */
    SecretScan(List<String> secrets, Map<String, String> users) {
        for (String secret : secrets) {
            this.secrets.add(secret);
        }
        users.forEach(
                (user, password) ->
                        this.secrets.add(
                                Base64.getEncoder()
                                        .encodeToString(
                                                (user + ":" + password)
                                                        .getBytes(StandardCharsets.UTF_8))));
        context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        capture = new Capture();
        capture.start();
        LoggerConfig root = config.getRootLogger();
        rootLevelBefore = root.getLevel();
        // The console keeps showing warnings only, so the build log does not fill with INFO.
        consoles = List.copyOf(root.getAppenders().values());
        for (Appender console : consoles) {
            root.removeAppender(console.getName());
            root.addAppender(console, Level.WARN, null);
        }
        root.addAppender(capture, Level.INFO, null);
        root.setLevel(Level.INFO);
        for (String name : QUIET_LOGGERS) {
            LoggerConfig logger = config.getLoggerConfig(name);
            if (logger != root) {
                levelsBefore.put(name, logger.getLevel());
                logger.setLevel(Level.INFO);
            }
        }
        context.updateLoggers();
    }

    private final class Capture extends AbstractAppender {
        Capture() {
            super("secret-scan", null, null, true, Property.EMPTY_ARRAY);
        }

        @Override
        public void append(LogEvent event) {
            logLines.incrementAndGet();
            String message = event.getMessage().getFormattedMessage();
            if (logMessages.size() < 20_000) {
                logMessages.add(message);
            }
            StringBuilder text = new StringBuilder(message);
            if (event.getThrown() != null) {
                StringWriter trace = new StringWriter();
                event.getThrown().printStackTrace(new PrintWriter(trace));
                text.append('\n').append(trace);
            }
            scan("log of " + event.getLoggerName(), text.toString());
        }
    }

    /** Records a finding for each secret in {@code text}. */
    void scan(String where, String text) {
        for (int i = 0; i < secrets.size(); i++) {
            if (text.contains(secrets.get(i))) {
                findings.add("secret #" + i + " in " + where);
            }
        }
    }

    /** Every MBean attribute of this JVM that reads as text: what any JMX metrics exporter sees. */
    int scanJmx() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        int read = 0;
        for (ObjectName name : server.queryNames(null, null)) {
            scan("JMX name " + name, name.toString());
            read++;
            MBeanAttributeInfo[] attributes;
            try {
                attributes = server.getMBeanInfo(name).getAttributes();
            } catch (javax.management.InstanceNotFoundException gone) {
                continue; // unregistered since the query: a client closed meanwhile
            }
            for (MBeanAttributeInfo attribute : attributes) {
                if (!attribute.isReadable()) {
                    continue;
                }
                try {
                    Object value = server.getAttribute(name, attribute.getName());
                    if (value != null) {
                        scan("JMX " + name + " " + attribute.getName(), String.valueOf(value));
                    }
                } catch (Exception | LinkageError unreadable) {
                    // some attributes throw when read (unsupported operations); nothing to scan
                }
            }
        }
        return read;
    }

    List<String> findings() {
        return List.copyOf(findings);
    }

    long logLines() {
        return logLines.get();
    }

    /** Whether some captured log message contains {@code text}. */
    boolean logged(String text) {
        return logMessages.stream().anyMatch(m -> m.contains(text));
    }

    @Override
    public void close() {
        Configuration config = context.getConfiguration();
        LoggerConfig root = config.getRootLogger();
        root.removeAppender(capture.getName());
        for (Appender console : consoles) {
            root.removeAppender(console.getName());
            root.addAppender(console, null, null);
        }
        root.setLevel(rootLevelBefore);
        levelsBefore.forEach((name, level) -> config.getLoggerConfig(name).setLevel(level));
        context.updateLoggers();
        capture.stop();
    }
}
