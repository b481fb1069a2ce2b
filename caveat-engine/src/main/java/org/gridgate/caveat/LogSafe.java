package org.gridgate.caveat;

/**
 * Makes untrusted text (caveats, identifiers from presented tokens) safe to put into a log line or an HTTP reason
 * phrase: control characters are escaped, so a crafted token cannot forge log lines, and long text is shortened.
 */
final class LogSafe {
    private static final int MAX_LENGTH = 200;

    private LogSafe() {
    }

    static String text(String untrusted) {
        StringBuilder out = new StringBuilder(Math.min(untrusted.length(), MAX_LENGTH) + 8);
        for (int i = 0; i < untrusted.length(); i++) {
            if (out.length() >= MAX_LENGTH) {
                out.append("...");
                break;
            }
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
