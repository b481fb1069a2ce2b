package org.gridgate.gateway.http;

import io.netty.buffer.ByteBuf;

/**
 * One request being served. It is created when the request head arrives (after authentication and
 * authorization), receives the body chunk by chunk, and answers in {@link #finish}. The door calls exactly one of
 * {@link #finish} or {@link #abort}.
 */
public interface Exchange {

    /** A chunk of the request body. By default bodies are read and ignored, as for GET or DELETE. */
    default void content(ByteBuf data) throws Exception {
    }

    /** The whole body has arrived: do the work and answer through {@code responder}. */
    void finish(Responder responder) throws Exception;

    /** The request failed or the client went away before {@link #finish}: release everything, leave no trace. */
    default void abort() {
    }
}
