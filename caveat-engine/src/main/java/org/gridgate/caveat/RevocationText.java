package org.gridgate.caveat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The revocation list as text, the same wherever it is kept (a file beside the secrets, or a shared store):
 * <pre>
 * gridgate-revocations 1
 * &lt;kind&gt; &lt;subject&gt; &lt;revoked-at&gt; &lt;drop-after&gt; [label]
 * </pre>
 * with {@code #} comments; kinds are {@code iid}, {@code principal} and {@code before}. Empty text is an empty list.
 */
final class RevocationText {
    private static final String HEADER = "gridgate-revocations 1";

    private RevocationText() {
    }

    /** @param where names the list in error messages, e.g. "revocation file /srv/gridgate/secrets.revoked" */
    static RevocationList parse(String text, String where) throws IOException {
        List<Revocation> entries = new ArrayList<>();
        for (HeaderedText.Line line : HeaderedText.records(text.lines().toList(), HEADER,
                (n, what) -> error(where, n, what))) {
            entries.add(entry(line.text().split("\\s+", 5), where, line.number()));
        }
        return new RevocationList(entries);
    }

    static RevocationList parse(byte[] bytes, String where) throws IOException {
        return parse(new String(bytes, StandardCharsets.UTF_8), where);
    }

    static byte[] format(RevocationList list) {
        StringBuilder text = new StringBuilder()
                .append("# GridGate revoked macaroons: change it with 'gateway.jar tokens revoke', not by hand.\n")
                .append("# kind subject revoked-at drop-after [label]\n")
                .append(HEADER).append('\n');
        for (Revocation entry : list.entries()) {
            text.append(entry.kind().label()).append(' ').append(entry.subject()).append(' ')
                    .append(entry.revokedAt()).append(' ').append(entry.dropAfter());
            if (!entry.label().isEmpty()) {
                text.append(' ').append(entry.label());
            }
            text.append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Revocation entry(String[] fields, String where, int line) throws IOException {
        if (fields.length < 4) {
            throw error(where, line, "expected '<kind> <subject> <revoked-at> <drop-after> [label]'");
        }
        Revocation.Kind kind = null;
        for (Revocation.Kind candidate : Revocation.Kind.values()) {
            if (candidate.label().equals(fields[0])) {
                kind = candidate;
            }
        }
        if (kind == null) {
            throw error(where, line, "unknown kind (expected iid, principal or before)");
        }
        if (kind == Revocation.Kind.ISSUED_BEFORE) {
            instant(fields[1], where, line);
        }
        return new Revocation(kind, fields[1], instant(fields[2], where, line), instant(fields[3], where, line),
                fields.length == 5 ? fields[4] : "");
    }

    private static Instant instant(String text, String where, int line) throws IOException {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw error(where, line, "bad instant");
        }
    }

    private static IOException error(String where, int line, String what) {
        return new IOException(where + " line " + line + ": " + what);
    }
}
