package org.gridgate.gateway.http;

/** Chooses and starts the exchange for a request head; throws to refuse it. */
public interface Router {
    Exchange begin(RequestHead head) throws Exception;
}
