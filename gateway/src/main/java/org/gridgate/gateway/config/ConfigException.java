package org.gridgate.gateway.config;

/** A configuration the door cannot start with; the message names the file and the setting. */
public class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
