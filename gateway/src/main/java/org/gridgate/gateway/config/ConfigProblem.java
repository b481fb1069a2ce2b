package org.gridgate.gateway.config;

import java.nio.file.Path;

/**
 * One thing wrong with a configuration, as one line for the person who wrote it: {@code FILE:LINE: KEY: what is
 * wrong; what to do}. A warning does not stop {@code serve} (it is logged); {@code config check} reports both.
 *
 * @param line the line of the key in the file, 0 if it has none (a key that is missing)
 * @param key  the key as written in the file, dotted ({@code tls.key}, {@code anonymous-access[0].path}); empty for
 *             the file as a whole
 */
public record ConfigProblem(Path file, int line, String key, String message, boolean warning) {

    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + (warning ? "warning: " : "")
                + (key.isEmpty() ? "" : key + ": ") + message;
    }
}
