package org.gridgate.gateway.http;

import io.netty.handler.codec.http.HttpRequest;
import org.gridgate.gateway.auth.Client;
import org.gridgate.gateway.auth.ConnectionCredentials;

/**
 * A request as the router sees it: already authenticated, its path normalised.
 *
 * @param continuation sends {@code 100 Continue} when the client asked for it; exchanges call it only once
 *                     the request is authorized, so a refused client never sends its body
 */
public record RequestHead(HttpRequest request, RequestPath path, Client client,
                          ConnectionCredentials connection, Runnable continuation) {
}
