package org.gridgate.gateway.http;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Chooses and starts the exchange for a request head, in two phases so that the driver may run them on different
 * threads: {@link #decide} only decides (parses, authorizes: in memory, on any thread), {@link Decision#begin} may
 * touch storage. Either throws to refuse the request.
 */
public interface Router {

    /**
     * Decides whether and how to serve {@code head}: everything that needs no storage, authorization first of all.
     * Never calls the storage, never sends anything.
     */
    Decision decide(RequestHead head) throws Exception;

    /**
     * The response to {@code request} refused with {@code error} (whether at its head, by {@link #decide}, by
     * {@link Decision#begin} or by its exchange): by default the status with the message as text. A router may give
     * a protocol of its own its own form of refusal (BOINC's uploads answer 200 with a status in the body).
     */
    default FullHttpResponse refusal(HttpRequest request, HttpError error) {
        return Responder.refusal(request, error);
    }

    /** A request the router has decided to serve. */
    @FunctionalInterface
    interface Decision {

        /**
         * Starts the exchange. This may touch storage, and may still refuse: what storage finds (a collection, a file
         * to replace) is checked against the grant decided before, then locks and preconditions; a
         * {@code 100 Continue} goes out only once all of that has passed.
         */
        Exchange begin() throws Exception;

        /**
         * Whether this exchange may touch storage. One that never does (a mint, OPTIONS) is served where it was
         * decided, on the event loop, without a hand-off to the I/O executor.
         */
        default boolean touchesStorage() {
            return true;
        }
    }

    /** {@code decision}, marked as never touching storage (see {@link Decision#touchesStorage}). */
    static Decision inMemory(Decision decision) {
        return new Decision() {
            @Override
            public Exchange begin() throws Exception {
                return decision.begin();
            }

            @Override
            public boolean touchesStorage() {
                return false;
            }
        };
    }
}
