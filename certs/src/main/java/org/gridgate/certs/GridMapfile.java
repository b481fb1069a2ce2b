package org.gridgate.certs;

import eu.emi.security.authn.x509.impl.OpensslNameUtils;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Globus grid-mapfile: {@code "/DC=org/DC=example/CN=Some One" user[,other]}; the first listed account is used.
 * DNs are compared after canl's OpenSSL-name normalization (attribute labels and case), first line wins.
 */
final class GridMapfile {
    private final Map<String, String> usernames;

    private GridMapfile(Map<String, String> usernames) {
        this.usernames = Map.copyOf(usernames);
    }

    static GridMapfile read(Path file) throws IOException {
        Map<String, String> usernames = new HashMap<>();
        for (List<String> fields : MapfileLines.read(file)) {
            if (fields.size() < 2) {
                throw new IOException(file + ": expected \"DN\" account, got " + fields);
            }
            usernames.putIfAbsent(OpensslNameUtils.normalize(fields.get(0)), fields.get(1).split(",")[0]);
        }
        return new GridMapfile(usernames);
    }

    Optional<String> username(String dn) {
        return Optional.ofNullable(usernames.get(OpensslNameUtils.normalize(dn)));
    }
}
