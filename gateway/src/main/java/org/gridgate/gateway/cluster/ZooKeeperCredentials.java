package org.gridgate.gateway.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;

/**
 * The doors' ZooKeeper identity: {@code user:password} for the digest scheme, from {@code zookeeper.auth-file}.
 * Every node a door creates then carries {@link ZooDefs.Ids#CREATOR_ALL_ACL}: only clients authenticated as that
 * user (the doors and the admin CLI) may read or change it, since the secret nodes hold the keys that sign every
 * macaroon. The file is as secret as the secrets file: readable by its owner only, or the door does not start.
 */
public final class ZooKeeperCredentials {
    static final String SCHEME = "digest";
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    /** Nodes only their creator's authenticated identity may touch. */
    static final ACLProvider CREATOR_ONLY = new ACLProvider() {
        @Override
        public List<ACL> getDefaultAcl() {
            return ZooDefs.Ids.CREATOR_ALL_ACL;
        }

        @Override
        public List<ACL> getAclForPath(String path) {
            return ZooDefs.Ids.CREATOR_ALL_ACL;
        }
    };

    private ZooKeeperCredentials() {
    }

    /** The {@code user:password} bytes of {@code file}, refused with one line saying what to fix. */
    public static byte[] read(Path file) throws IOException {
        String problem = "zookeeper.auth-file: " + file;
        Set<PosixFilePermission> permissions;
        List<String> lines;
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(problem + " is not a regular file; give a file holding user:password");
            }
            permissions = Files.getPosixFilePermissions(file);
            lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        } catch (NoSuchFileException e) {
            throw new IOException(problem + " does not exist; create it with one line user:password, mode 0600");
        }
        if (permissions.stream().anyMatch(OTHERS::contains)) {
            throw new IOException(problem + " may be read or written by others; chmod 600 it (it grants the "
                    + "macaroon secrets)");
        }
        if (lines.size() != 1 || lines.get(0).indexOf(':') < 1 || lines.get(0).endsWith(":")) {
            throw new IOException(problem + " must hold one line user:password");
        }
        return lines.get(0).getBytes(StandardCharsets.UTF_8);
    }
}
