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

    private final String label;

    CaveatType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The type whose label is exactly {@code label} (case-sensitive, as dCache). */
    public static CaveatType identify(String label) throws InvalidCaveatException {
        for (CaveatType type : values()) {
            if (type.label.equals(label)) {
                return type;
            }
        }
        throw new InvalidCaveatException("unknown caveat label '" + LogSafe.text(label) + "'");
    }
}
