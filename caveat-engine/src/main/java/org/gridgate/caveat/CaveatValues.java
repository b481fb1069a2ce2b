package org.gridgate.caveat;

import java.time.Instant;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * The value grammar of each caveat type, as typed parsers. Strict: anything dCache would not understand, or that
 * could be read two ways, is refused.
 */
final class CaveatValues {
    private static final char LIST_SEPARATOR = ',';
    private static final Activity[] ACTIVITIES = Activity.values();

    private CaveatValues() {
    }

    /** Refuses {@code value} if it is malformed for {@code type}. */
    static void check(CaveatType type, String value) throws InvalidCaveatException {
        if (LogSafe.hasControlCharacter(value)) {
            throw bad(type, value, "control character");
        }
        switch (type) {
            case ACTIVITY -> activities(value);
            case BEFORE -> instant(value);
            case IP -> subnets(value);
            case MAX_UPLOAD -> maxUpload(value);
            case IDENTITY -> MacaroonIdentity.parse(value);
            case HOME, ROOT, PATH -> path(type, value);
            case ISSUE_ID -> issueId(value);
        }
    }

    /** A comma list of {@link Activity} names, blanks around names ignored, case-sensitive, at least one. */
    static EnumSet<Activity> activities(String value) throws InvalidCaveatException {
        EnumSet<Activity> activities = EnumSet.noneOf(Activity.class);
        int start = 0;
        while (true) {
            int end = endOfElement(value, start);
            activities.add(activityIn(value, start, end));
            if (end == value.length()) {
                return activities;
            }
            start = end + 1;
        }
    }

    /** The activity named in {@code value[start, end)}, blanks around it ignored; compared in place, no copies. */
    private static Activity activityIn(String value, int start, int end) throws InvalidCaveatException {
        while (start < end && Character.isWhitespace(value.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(value.charAt(end - 1))) {
            end--;
        }
        int length = end - start;
        for (Activity activity : ACTIVITIES) {
            String name = activity.name();
            if (name.length() == length && value.startsWith(name, start)) {
                return activity;
            }
        }
        throw bad(CaveatType.ACTIVITY, value, "unknown activity '" + LogSafe.text(value.substring(start, end)) + "'");
    }

    static Instant instant(String value) throws InvalidCaveatException {
        try {
            return IsoInstant.parse(value);
        } catch (DateTimeException e) {
            throw bad(CaveatType.BEFORE, value, "not an ISO-8601 instant");
        }
    }

    /** A comma list of addresses or CIDR subnets, at least one; literal only, never resolved through DNS. */
    static List<IpSubnet> subnets(String value) throws InvalidCaveatException {
        List<IpSubnet> subnets = new ArrayList<>(2);
        int start = 0;
        while (true) {
            int end = endOfElement(value, start);
            try {
                subnets.add(IpSubnet.parse(value.substring(start, end).strip()));
            } catch (IllegalArgumentException e) {
                throw bad(CaveatType.IP, value, e.getMessage());
            }
            if (end == value.length()) {
                return subnets;
            }
            start = end + 1;
        }
    }

    /** Bytes, decimal digits only, greater than zero. */
    static long maxUpload(String value) throws InvalidCaveatException {
        if (!isDecimal(value)) {
            throw bad(CaveatType.MAX_UPLOAD, value, "not a positive decimal number");
        }
        try {
            long bytes = Long.parseLong(value);
            if (bytes <= 0) {
                throw bad(CaveatType.MAX_UPLOAD, value, "must be greater than zero");
            }
            return bytes;
        } catch (NumberFormatException e) {
            throw bad(CaveatType.MAX_UPLOAD, value, "too large");
        }
    }

    /** A path relative to the current context; never empty. */
    static String path(CaveatType type, String value) throws InvalidCaveatException {
        if (value.isEmpty()) {
            throw bad(type, value, "empty path");
        }
        return value;
    }

    static String issueId(String value) throws InvalidCaveatException {
        if (value.isBlank()) {
            throw bad(CaveatType.ISSUE_ID, value, "empty issue id");
        }
        return value;
    }

    static InvalidCaveatException bad(CaveatType type, String value, String why) {
        return new InvalidCaveatException("bad value in caveat " + LogSafe.text(type.label() + ":" + value)
                + ": " + why);
    }

    /**
     * Where the comma list element starting at {@code start} ends: at the next comma or the end of the value. An
     * empty element (",," or a trailing comma) is an element too, so that it is refused.
     */
    private static int endOfElement(String value, int start) {
        int comma = value.indexOf(LIST_SEPARATOR, start);
        return comma < 0 ? value.length() : comma;
    }

    /** Non-empty and ASCII digits only: no sign, no blanks, no other scripts' digits. */
    static boolean isDecimal(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
