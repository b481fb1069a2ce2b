package org.gridgate.gateway.server;

/**
 * The user event a draining door sends down every connection's pipeline: finish the request in progress, take no
 * new one, close.
 */
public enum Drain {
    REQUESTED
}
