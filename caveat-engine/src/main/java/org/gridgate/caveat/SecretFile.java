package org.gridgate.caveat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes the secrets file. A line-oriented text format:
 * <pre>
 * gridgate-secrets 1
 * active &lt;id&gt; &lt;created&gt; &lt;base64 key&gt; [&lt;signs-from&gt;]
 * retired &lt;id&gt; &lt;retired-at&gt;
 * </pre>
 * with {@code #} comments. Written whole to a temporary owner-only file in the same directory, synced, then
 * renamed over the old one, so a crash leaves either the old or the new file, never half of one. The first file
 * is linked into place only if there is none, so two processes creating it at once agree on one. Changes are made
 * under {@link #lock()}, across processes. {@code signs-from} is written only for a secret that may not sign as
 * soon as it was created, so a file without pending secrets reads as before. A file that
 * group or others may access, or a symbolic link, is refused. Error messages name line numbers, never contents.
 */
final class SecretFile {
    private static final String HEADER = "gridgate-secrets 1";
    private static final String ACTIVE = "active";
    private static final String RETIRED = "retired";
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private static final Duration LOCK_WAIT = Duration.ofSeconds(10);
    private static final long LOCK_POLL_MILLIS = 20;

    private final Path file;

    SecretFile(Path file) {
        this.file = file.toAbsolutePath();
    }

    Path path() {
        return file;
    }

    boolean exists() {
        return Files.exists(file, LinkOption.NOFOLLOW_LINKS);
    }

    SecretRing read() throws IOException {
        checkOwnerOnly();
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        List<IdentifiedSecret> active = new ArrayList<>();
        Map<String, Instant> retired = new LinkedHashMap<>();
        for (HeaderedText.Line record : HeaderedText.records(lines, HEADER, this::error)) {
            int n = record.number();
            String[] fields = record.text().split("\\s+");
            if (fields[0].equals(ACTIVE) && (fields.length == 4 || fields.length == 5)) {
                Instant created = instant(fields[2], n);
                Instant signsFrom = fields.length == 5 ? instant(fields[4], n) : created;
                IdentifiedSecret secret = new IdentifiedSecret(fields[1], created, signsFrom, key(fields[3], n));
                if (!IdentifiedSecret.idOf(secret.key()).equals(secret.id())) {
                    throw error(n, "the id does not match the key");
                }
                active.add(secret);
            } else if (fields[0].equals(RETIRED) && fields.length == 3) {
                retired.put(fields[1], instant(fields[2], n));
            } else {
                throw error(n, "expected 'active <id> <created> <key> [<signs-from>]' or 'retired <id> <when>'");
            }
        }
        if (active.isEmpty()) {
            throw new IOException("secrets file " + file + " has no active secret");
        }
        return new SecretRing(active, retired);
    }

    void write(SecretRing ring) throws IOException {
        AtomicFile.replace(file, text(ring), OWNER_ONLY);
    }

    /**
     * Writes {@code ring} as the file if there is none yet, atomically: the whole file is written and synced under
     * a temporary name, then hard-linked to the real name, which fails if another process got there first.
     *
     * @return false if the file already existed (nothing was written)
     */
    boolean createIfAbsent(SecretRing ring) throws IOException {
        return AtomicFile.createIfAbsent(file, text(ring), OWNER_ONLY);
    }

    /**
     * An exclusive lock on an owner-only lock file beside the secrets file, held across processes (and across
     * stores in one process, which wait their turn), for a read-change-write. Waits up to {@link #LOCK_WAIT}.
     */
    Lock lock() throws IOException {
        Path lockFile = file.resolveSibling("." + file.getFileName() + ".lock");
        Files.createDirectories(lockFile.getParent());
        FileChannel channel;
        try {
            channel = FileChannel.open(lockFile, Set.<OpenOption>of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException e) {
            throw new IOException("secrets file " + file + " must be on a POSIX file system (owner-only permissions)");
        }
        long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
        try {
            while (true) {
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null; // another store in this JVM holds it: wait as for another process
                }
                if (lock != null) {
                    return new Lock(channel);
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("secrets lock " + lockFile + " is still held after "
                            + LOCK_WAIT.toSeconds() + " s");
                }
                Thread.sleep(LOCK_POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.close();
            throw new IOException("interrupted while waiting for the secrets lock " + lockFile, e);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Releases the lock by closing its channel. */
    static final class Lock implements AutoCloseable {
        private final FileChannel channel;

        private Lock(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    private static byte[] text(SecretRing ring) {
        StringBuilder text = new StringBuilder()
                .append("# GridGate macaroon secrets. Owner-only (0600): never share, copy or commit this file.\n")
                .append("# The last active secret signs new macaroons; retired ids are refused.\n")
                .append(HEADER).append('\n');
        for (IdentifiedSecret secret : ring.active()) {
            text.append(ACTIVE).append(' ').append(secret.id()).append(' ').append(secret.created()).append(' ')
                    .append(Base64.getEncoder().encodeToString(secret.key()));
            if (!secret.signsFrom().equals(secret.created())) {
                text.append(' ').append(secret.signsFrom());
            }
            text.append('\n');
        }
        ring.retired().forEach((id, when) -> text.append(RETIRED).append(' ').append(id).append(' ').append(when)
                .append('\n'));
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private void checkOwnerOnly() throws IOException {
        PosixFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException e) {
            throw new IOException("secrets file " + file + " must be on a POSIX file system (owner-only permissions)");
        }
        if (!attributes.isRegularFile()) {
            throw new IOException("secrets file " + file + " is not a regular file (symbolic links are refused)");
        }
        Set<PosixFilePermission> permissions = attributes.permissions();
        if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
            throw new IOException("secrets file " + file + " is accessible by group or others ("
                    + PosixFilePermissions.toString(permissions) + "); make it owner-only: chmod 600 " + file);
        }
    }

    private Instant instant(String text, int line) throws IOException {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw error(line, "bad instant");
        }
    }

    private byte[] key(String text, int line) throws IOException {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw error(line, "the key is not base64");
        }
        if (key.length != IdentifiedSecret.KEY_BYTES) {
            throw error(line, "the key must have " + IdentifiedSecret.KEY_BYTES + " bytes");
        }
        return key;
    }

    private IOException error(int line, String what) {
        return new IOException("secrets file " + file + " line " + line + ": " + what);
    }
}
