package org.gridgate.gateway.server;

import java.net.BindException;
import java.net.InetSocketAddress;

/** A listener could not bind its address; says which one, since the transports' own exceptions do not. */
public final class ListenerBindException extends BindException {

    private final InetSocketAddress address;

    ListenerBindException(String listener, InetSocketAddress address, Throwable cause) {
        super(listener + " " + address.getHostString() + ":" + address.getPort() + ": " + reason(cause));
        this.address = address;
        initCause(cause);
    }

    public InetSocketAddress address() {
        return address;
    }

    /** The operating system's words ("Address already in use"), without the transport's call name. */
    public String reason() {
        return reason(getCause());
    }

    private static String reason(Throwable cause) {
        String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        int errno = message.indexOf("failed with error(");
        if (errno >= 0 && message.indexOf("): ", errno) > 0) {
            return message.substring(message.indexOf("): ", errno) + 3);
        }
        return message;
    }
}
