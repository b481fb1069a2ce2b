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
        CaveatType type = typeOf(text);
        String value = valueOf(type, text);
        CaveatValues.check(type, value);
        return new Caveat(type, value);
    }

    /** The type of untrusted caveat text, refusing control characters, a missing ':' and unknown labels. */
    static CaveatType typeOf(String text) throws InvalidCaveatException {
        if (LogSafe.hasControlCharacter(text)) {
            throw new InvalidCaveatException("control character in caveat " + LogSafe.text(text));
        }
        int colon = text.indexOf(SEPARATOR);
        if (colon < 0) {
            throw new InvalidCaveatException("missing ':' in caveat " + LogSafe.text(text));
        }
        CaveatType type = CaveatType.labelling(text, colon);
        if (type == null) {
            throw new InvalidCaveatException("unknown caveat " + LogSafe.text(text));
        }
        return type;
    }

    /** The unchecked value of caveat text whose type is {@code type}. */
    static String valueOf(CaveatType type, String text) {
        return text.substring(type.label().length() + 1);
    }

    @Override
    public String toString() {
        return type.label() + SEPARATOR + value;
    }
}
