/**
 * Why the door refuses a request, in the door's own words: each exception names one reason, carries a message that
 * is safe and short enough for the client and a detail for the log. None of them knows about HTTP;
 * {@code http/ErrorMapping} is the one place that turns them into statuses. This package depends on nothing else in
 * the gateway, so every other package may throw them.
 */
package org.gridgate.gateway.refusal;
