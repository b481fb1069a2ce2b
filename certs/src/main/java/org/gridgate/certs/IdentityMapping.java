package org.gridgate.certs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps a DN and its FQANs to a local account, from a grid-mapfile and a VO/FQAN mapping file in the formats sites
 * already use. The FQANs are tried first (primary first, against the vorolemap), then the DN (grid-mapfile), as
 * gPlazma and LCMAPS do; the account's uid and gids come from passwd/group format files. Files are read once.
 */
public final class IdentityMapping {
    private static final Logger LOG = LoggerFactory.getLogger(IdentityMapping.class);
    private static final Path SYSTEM_PASSWD = Path.of("/etc/passwd");
    private static final Path SYSTEM_GROUP = Path.of("/etc/group");

    private final Optional<GridMapfile> gridMapfile;
    private final Optional<VoRoleMapfile> voRoleMapfile;
    private final Optional<AccountDatabase> accounts;

    private IdentityMapping(Optional<GridMapfile> gridMapfile, Optional<VoRoleMapfile> voRoleMapfile,
                            Optional<AccountDatabase> accounts) {
        this.gridMapfile = gridMapfile;
        this.voRoleMapfile = voRoleMapfile;
        this.accounts = accounts;
    }

    /** Maps nobody: identities carry no local account. */
    public static IdentityMapping none() {
        return new IdentityMapping(Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * @param gridMapfile   {@code "DN" account} lines
     * @param voRoleMapfile {@code "DN-or-*" "FQAN" account} lines (gPlazma vorolemap)
     * @param passwdFile    accounts in /etc/passwd format (uid, primary gid)
     * @param groupFile     groups in /etc/group format (supplementary gids)
     */
    public static IdentityMapping fromFiles(Optional<Path> gridMapfile, Optional<Path> voRoleMapfile,
                                            Path passwdFile, Path groupFile) throws IOException {
        Optional<GridMapfile> dnMap = gridMapfile.isPresent()
                ? Optional.of(GridMapfile.read(gridMapfile.get())) : Optional.empty();
        Optional<VoRoleMapfile> fqanMap = voRoleMapfile.isPresent()
                ? Optional.of(VoRoleMapfile.read(voRoleMapfile.get())) : Optional.empty();
        return new IdentityMapping(dnMap, fqanMap, Optional.of(AccountDatabase.read(passwdFile, groupFile)));
    }

    /** As {@link #fromFiles(Optional, Optional, Path, Path)} with the system's /etc/passwd and /etc/group. */
    public static IdentityMapping fromFiles(Optional<Path> gridMapfile, Optional<Path> voRoleMapfile)
            throws IOException {
        return fromFiles(gridMapfile, voRoleMapfile, SYSTEM_PASSWD, SYSTEM_GROUP);
    }

    /** The local account for this identity; empty if no file maps it or the mapped account does not exist. */
    public Optional<LocalAccount> map(String dn, List<String> fqans) {
        Optional<String> username = voRoleMapfile.flatMap(m -> m.username(dn, fqans))
                .or(() -> gridMapfile.flatMap(m -> m.username(dn)));
        if (username.isEmpty() || accounts.isEmpty()) {
            return Optional.empty();
        }
        Optional<LocalAccount> account = accounts.get().account(username.get());
        if (account.isEmpty()) {
            LOG.warn("{} {} maps to account {} which is not in the passwd file", dn, fqans, username.get());
        }
        return account;
    }
}
