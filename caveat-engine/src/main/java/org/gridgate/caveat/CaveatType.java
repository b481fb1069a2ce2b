package org.gridgate.caveat;

/**
 * The first-party caveat labels the engine understands: dCache's set, same spelling. Anything else makes a
 * macaroon invalid and a macaroon request bad.
 */
public enum CaveatType {
    HOME("home"),
    ROOT("root"),
    PATH("path"),
    ACTIVITY("activity"),
    IDENTITY("id"),
    BEFORE("before"),
    IP("ip"),
    MAX_UPLOAD("max-upload"),
    ISSUE_ID("iid");

    /** values() clones its array on every call; the fold looks a label up once per caveat of every request. */
    private static final CaveatType[] ALL = values();

    private final String label;

    CaveatType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The type whose label is exactly {@code label} (case-sensitive, as dCache). */
    public static CaveatType identify(String label) throws InvalidCaveatException {
        CaveatType type = labelling(label, label.length());
        if (type == null) {
            throw new InvalidCaveatException("unknown caveat label '" + LogSafe.text(label) + "'");
        }
        return type;
    }

    /** The type whose label is exactly the first {@code length} characters of {@code text}, or null. */
    static CaveatType labelling(String text, int length) {
        for (CaveatType type : ALL) {
            if (type.label.length() == length && text.startsWith(type.label)) {
                return type;
            }
        }
        return null;
    }
}
