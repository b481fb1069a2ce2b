package org.gridgate.caveat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Reads and writes the revocation list, a line-oriented text file beside the secrets file:
 * <pre>
 * gridgate-revocations 1
 * &lt;kind&gt; &lt;subject&gt; &lt;revoked-at&gt; &lt;drop-after&gt; [label]
 * </pre>
 * with {@code #} comments; kinds are {@code iid}, {@code principal} and {@code before}. It holds no secret, so it
 * may be world-readable, but it is replaced whole ({@link AtomicFile}) and changed under a lock, so two admins
 * revoking at once both land. An absent file is an empty list: nothing is revoked.
 */
final class RevocationFile {
    private static final String HEADER = "gridgate-revocations 1";
    private static final Set<PosixFilePermission> READABLE = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);

    private final Path file;

    RevocationFile(Path file) {
        this.file = file.toAbsolutePath();
    }

    Path path() {
        return file;
    }

    RevocationList read() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return RevocationList.EMPTY;
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("revocation file " + file + " is not a regular file (symbolic links are refused)");
        }
        List<Revocation> entries = new ArrayList<>();
        boolean headerSeen = false;
        for (int n = 1; n <= lines.size(); n++) {
            String line = lines.get(n - 1).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!headerSeen) {
                if (!line.equals(HEADER)) {
                    throw error(n, "expected '" + HEADER + "'");
                }
                headerSeen = true;
                continue;
            }
            entries.add(entry(line.split("\\s+", 5), n));
        }
        return new RevocationList(entries);
    }

    /** Applies {@code change} to the list on disk under an exclusive lock, and writes the result. */
    RevocationList update(UnaryOperator<RevocationList> change) throws IOException {
        Path lockFile = file.resolveSibling("." + file.getFileName() + ".lock");
        Files.createDirectories(file.getParent());
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.lock()) {
            RevocationList next = change.apply(read());
            write(next);
            return next;
        }
    }

    private void write(RevocationList list) throws IOException {
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
        AtomicFile.replace(file, text.toString().getBytes(StandardCharsets.UTF_8), READABLE);
    }

    private Revocation entry(String[] fields, int line) throws IOException {
        if (fields.length < 4) {
            throw error(line, "expected '<kind> <subject> <revoked-at> <drop-after> [label]'");
        }
        Revocation.Kind kind = null;
        for (Revocation.Kind candidate : Revocation.Kind.values()) {
            if (candidate.label().equals(fields[0])) {
                kind = candidate;
            }
        }
        if (kind == null) {
            throw error(line, "unknown kind (expected iid, principal or before)");
        }
        if (kind == Revocation.Kind.ISSUED_BEFORE) {
            instant(fields[1], line);
        }
        return new Revocation(kind, fields[1], instant(fields[2], line), instant(fields[3], line),
                fields.length == 5 ? fields[4] : "");
    }

    private Instant instant(String text, int line) throws IOException {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw error(line, "bad instant");
        }
    }

    private IOException error(int line, String what) {
        return new IOException("revocation file " + file + " line " + line + ": " + what);
    }
}
