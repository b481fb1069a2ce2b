package org.gridgate.caveat;

/**
 * Makes untrusted text (caveats, identifiers from presented tokens, request paths) safe to put into a log line or an
 * HTTP reason phrase: control characters are escaped, so a crafted token or URL cannot forge log lines or send
 * terminal escape sequences to whoever reads the log. Public because the gateway's own log lines need the same.
 */
public final class LogSafe {
    private static final int MAX_LENGTH = 200;

    private LogSafe() {
    }

    /** Escaped and, beyond 200 characters, shortened: for text whose length the client chose freely. */
    public static String text(String untrusted) {
        String escaped = escaped(untrusted);
        return escaped.length() <= MAX_LENGTH ? escaped : escaped.substring(0, MAX_LENGTH) + "...";
    }

    /**
     * Every ISO control character (C0, DEL, C1) as {@code \}{@code uXXXX}, everything else as it is: for text that
     * must stay whole, such as the path of an access log line.
     */
    public static String escaped(String untrusted) {
        if (!hasControlCharacter(untrusted)) {
            return untrusted;
        }
        StringBuilder out = new StringBuilder(untrusted.length() + 16);
        for (int i = 0; i < untrusted.length(); i++) {
            char c = untrusted.charAt(i);
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** True if {@code text} has a character no caveat, path or identifier may contain (NUL, newline, DEL...). */
    static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
