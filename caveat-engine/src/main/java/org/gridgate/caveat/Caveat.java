package org.gridgate.caveat;

/**
 * One first-party caveat, {@code label:value}, split at the first {@code ':'} so values may contain colons (IPv6
 * addresses, instants). A Caveat only exists with a value that is well-formed for its type; {@link #toString()}
 * gives back the exact text it was parsed from.
 */
public record Caveat(CaveatType type, String value) {
    private static final char SEPARATOR = ':';

    /** @throws IllegalArgumentException if {@code value} is malformed for {@code type}; use {@link #parse} for input */
    public Caveat {
        try {
            CaveatValues.check(type, value);
        } catch (InvalidCaveatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Parses untrusted caveat text; the message of a refusal names the caveat (escaped). */
    public static Caveat parse(String text) throws InvalidCaveatException {
        if (LogSafe.hasControlCharacter(text)) {
            throw new InvalidCaveatException("control character in caveat " + LogSafe.text(text));
        }
        int colon = text.indexOf(SEPARATOR);
        if (colon < 0) {
            throw new InvalidCaveatException("missing ':' in caveat " + LogSafe.text(text));
        }
        CaveatType type;
        try {
            type = CaveatType.identify(text.substring(0, colon));
        } catch (InvalidCaveatException e) {
            throw new InvalidCaveatException("unknown caveat " + LogSafe.text(text));
        }
        String value = text.substring(colon + 1);
        CaveatValues.check(type, value);
        return new Caveat(type, value);
    }

    @Override
    public String toString() {
        return type.label() + SEPARATOR + value;
    }
}
