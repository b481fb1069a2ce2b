package org.gridgate.gateway.config;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A value of the wrong kind in the configuration, said in plain words ({@code "84x3" is not a whole number}) instead
 * of Jackson's ({@code Cannot deserialize value of type int from String "84x3"...}).
 */
final class ValueKinds {

    private ValueKinds() {
    }

    static String complaint(JsonMappingException e) {
        Class<?> target = e instanceof MismatchedInputException mismatch ? mismatch.getTargetType() : null;
        String kind = target == null ? null : kindOf(target);
        if (e instanceof InvalidFormatException invalid && kind != null) {
            return "\"" + invalid.getValue() + "\" is not " + kind + "; give " + kind + " here";
        }
        if (kind != null) {
            return "expected " + kind + " here; check the value and its indentation";
        }
        // A value its type refused while being made (a malformed duration, a bad address): the reason is the
        // cause's, the first line of which is written for people.
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getMessage().lines().findFirst().orElse("");
        return "cannot use this value (" + reason + ")";
    }

    /** "a whole number", "one of: auto, jdk, openssl", ... */
    static String kindOf(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == Duration.class) {
            return "an ISO-8601 duration such as PT12H or P7D";
        }
        if (type == Path.class) {
            return "a file path";
        }
        if (type == String.class) {
            return "a single value";
        }
        if (type.isEnum()) {
            return "one of: " + Arrays.stream(type.getEnumConstants())
                    .map(constant -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", "));
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list such as [a, b]";
        }
        if (type.isRecord()) {
            return "a section (its keys indented below it)";
        }
        return null;
    }
}
