package org.gridgate.gateway.token;

/**
 * The token's issuer is configured, but the keys to check it are not in memory (none fetched yet, stale, or the
 * token names an unknown {@code kid}): verify it again with {@link WlcgTokens#verifyFetchingKeys}, off the event
 * loop.
 */
public final class KeysNotAtHandException extends Exception {
    private static final long serialVersionUID = 1L;

    KeysNotAtHandException(String message) {
        super(message, null, false, false);
    }
}
