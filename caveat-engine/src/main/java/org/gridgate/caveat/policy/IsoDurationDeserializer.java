package org.gridgate.caveat.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * Reads policy lifetimes as ISO-8601 durations ({@code P7D}, {@code PT12H}), the notation macaroon requests use.
 * Bare numbers are refused: nobody should have to guess whether {@code 7} means days or seconds.
 */
final class IsoDurationDeserializer extends StdScalarDeserializer<Duration> {
    private static final long serialVersionUID = 1L;

    IsoDurationDeserializer() {
        super(Duration.class);
    }

    @Override
    public Duration deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            return (Duration) context.handleUnexpectedToken(Duration.class, parser.currentToken(), parser,
                    "a lifetime must be an ISO-8601 duration such as P7D or PT12H");
        }
        String text = parser.getText().trim();
        Duration duration;
        try {
            duration = Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw context.weirdStringException(text, Duration.class,
                    "not an ISO-8601 duration such as P7D or PT12H");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw context.weirdStringException(text, Duration.class, "a lifetime must be positive");
        }
        return duration;
    }
}
