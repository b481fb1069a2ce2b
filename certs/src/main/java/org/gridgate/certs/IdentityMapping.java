package org.gridgate.certs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps a DN and its FQANs to a local account, from a grid-mapfile and a VO/FQAN mapping file in the formats sites
 * already use. The FQANs are tried first (primary first, against the vorolemap), then the DN (grid-mapfile), as
 * gPlazma and LCMAPS do; the account's uid and gids come from passwd/group format files.
 *
 * <p>Sites edit these files while doors run (a new user, a VO role moved to another account), so the files are
 * re-read when one of them changes (modification time or size), checked at most every {@link #RECHECK_INTERVAL}
 * when a mapping is asked for. A file that no longer parses is reported and the tables read before keep serving:
 * a typo must not unmap every user.
 */
public final class IdentityMapping {
    static final Duration RECHECK_INTERVAL = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(IdentityMapping.class);
    private static final Path SYSTEM_PASSWD = Path.of("/etc/passwd");
    private static final Path SYSTEM_GROUP = Path.of("/etc/group");

    /** Where the tables come from; empty for a mapping of nobody. */
    private final Optional<Sources> sources;
    private final Clock clock;
    private volatile Tables tables;
    private volatile Instant nextCheck;

    /** The files a mapping is read from. */
    private record Sources(Optional<Path> gridMapfile, Optional<Path> voRoleMapfile, Path passwd, Path group) {
        List<Path> all() {
            List<Path> paths = new ArrayList<>(4);
            gridMapfile.ifPresent(paths::add);
            voRoleMapfile.ifPresent(paths::add);
            paths.add(passwd);
            paths.add(group);
            return paths;
        }
    }

    /** What identifies one version of a file without reading it. */
    private record FileVersion(Path path, FileTime modified, long size) {
        static FileVersion of(Path path) throws IOException {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            return new FileVersion(path, attributes.lastModifiedTime(), attributes.size());
        }
    }

    /** The mapping tables as read at one moment, with the versions of the files they were read from. */
    private record Tables(Optional<GridMapfile> dnMap, Optional<VoRoleMapfile> fqanMap,
                          Optional<AccountDatabase> accounts, List<FileVersion> versions) {
        static final Tables NONE = new Tables(Optional.empty(), Optional.empty(), Optional.empty(), List.of());

        static Tables read(Sources sources) throws IOException {
            // Versions first: a change made while we read is then seen as a change at the next check.
            List<FileVersion> versions = versionsOf(sources);
            Optional<GridMapfile> dnMap = sources.gridMapfile().isPresent()
                    ? Optional.of(GridMapfile.read(sources.gridMapfile().get())) : Optional.empty();
            Optional<VoRoleMapfile> fqanMap = sources.voRoleMapfile().isPresent()
                    ? Optional.of(VoRoleMapfile.read(sources.voRoleMapfile().get())) : Optional.empty();
            return new Tables(dnMap, fqanMap, Optional.of(AccountDatabase.read(sources.passwd(), sources.group())),
                    versions);
        }

        static List<FileVersion> versionsOf(Sources sources) throws IOException {
            List<FileVersion> versions = new ArrayList<>(4);
            for (Path path : sources.all()) {
                versions.add(FileVersion.of(path));
            }
            return versions;
        }
    }

    private IdentityMapping(Optional<Sources> sources, Tables tables, Clock clock) {
        this.sources = sources;
        this.tables = tables;
        this.clock = clock;
        this.nextCheck = clock.instant().plus(RECHECK_INTERVAL);
    }

    /** Maps nobody: identities carry no local account. */
    public static IdentityMapping none() {
        return new IdentityMapping(Optional.empty(), Tables.NONE, Clock.systemUTC());
    }

    /**
     * @param gridMapfile   {@code "DN" account} lines
     * @param voRoleMapfile {@code "DN-or-*" "FQAN" account} lines (gPlazma vorolemap)
     * @param passwdFile    accounts in /etc/passwd format (uid, primary gid)
     * @param groupFile     groups in /etc/group format (supplementary gids)
     * @throws IOException if a file cannot be read or parsed now: at start-up, a broken file stops the door
     */
    public static IdentityMapping fromFiles(Optional<Path> gridMapfile, Optional<Path> voRoleMapfile,
                                            Path passwdFile, Path groupFile) throws IOException {
        return fromFiles(gridMapfile, voRoleMapfile, passwdFile, groupFile, Clock.systemUTC());
    }

    /** As {@link #fromFiles(Optional, Optional, Path, Path)} with the system's /etc/passwd and /etc/group. */
    public static IdentityMapping fromFiles(Optional<Path> gridMapfile, Optional<Path> voRoleMapfile)
            throws IOException {
        return fromFiles(gridMapfile, voRoleMapfile, SYSTEM_PASSWD, SYSTEM_GROUP);
    }

    /** With the clock that decides when the files are checked again. */
    static IdentityMapping fromFiles(Optional<Path> gridMapfile, Optional<Path> voRoleMapfile, Path passwdFile,
                                     Path groupFile, Clock clock) throws IOException {
        Sources sources = new Sources(gridMapfile, voRoleMapfile, passwdFile, groupFile);
        return new IdentityMapping(Optional.of(sources), Tables.read(sources), clock);
    }

    /** The local account for this identity; empty if no file maps it or the mapped account does not exist. */
    public Optional<LocalAccount> map(String dn, List<String> fqans) {
        Tables current = current();
        Optional<String> username = current.fqanMap().flatMap(m -> m.username(dn, fqans))
                .or(() -> current.dnMap().flatMap(m -> m.username(dn)));
        if (username.isEmpty() || current.accounts().isEmpty()) {
            return Optional.empty();
        }
        Optional<LocalAccount> account = current.accounts().get().account(username.get());
        if (account.isEmpty()) {
            LOG.warn("{} {} maps to account {} which is not in the passwd file", dn, fqans, username.get());
        }
        return account;
    }

    /** The tables, re-read first if the check is due and a file changed since they were read. */
    private Tables current() {
        if (sources.isEmpty() || clock.instant().isBefore(nextCheck)) {
            return tables;
        }
        synchronized (this) {
            Instant now = clock.instant();
            if (now.isBefore(nextCheck)) {
                return tables; // another thread has just checked
            }
            nextCheck = now.plus(RECHECK_INTERVAL);
            try {
                if (!Tables.versionsOf(sources.get()).equals(tables.versions())) {
                    tables = Tables.read(sources.get());
                    LOG.info("Re-read the identity mapping files {}", sources.get().all());
                }
            } catch (NoSuchFileException e) {
                LOG.warn("Identity mapping file {} is gone; keeping the mapping read before", e.getFile());
            } catch (IOException | RuntimeException e) {
                LOG.warn("Could not re-read the identity mapping files, keeping the mapping read before: {}",
                        e.toString());
            }
            return tables;
        }
    }
}
