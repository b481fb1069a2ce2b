package org.gridgate.caveat.policy;

import java.util.regex.Pattern;

/**
 * A DN to match in OpenSSL slash form: exact, or a glob where {@code *} stands for any text within one RDN and
 * {@code **} for any text at all. Keeping a single {@code *} inside one RDN stops
 * {@code /DC=org/CN=*.example.org} from also matching a DN with extra RDNs slipped in before the CN.
 */
final class DnPattern {

    private final String source;
    private final Pattern pattern;

    private DnPattern(String source, Pattern pattern) {
        this.source = source;
        this.pattern = pattern;
    }

    static DnPattern of(String glob) {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            int star = glob.indexOf('*', i);
            if (star < 0) {
                regex.append(Pattern.quote(glob.substring(i)));
                break;
            }
            if (star > i) {
                regex.append(Pattern.quote(glob.substring(i, star)));
            }
            boolean doubleStar = star + 1 < glob.length() && glob.charAt(star + 1) == '*';
            regex.append(doubleStar ? ".*" : "[^/]*");
            i = star + (doubleStar ? 2 : 1);
        }
        return new DnPattern(glob, Pattern.compile(regex.toString()));
    }

    boolean matches(String dn) {
        return dn != null && pattern.matcher(dn).matches();
    }

    @Override
    public String toString() {
        return source;
    }
}
