package org.gridgate.certs;

import eu.emi.security.authn.x509.impl.OpensslNameUtils;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A VO/FQAN mapping in dCache gPlazma's vorolemap format: {@code "DN-or-*" "FQAN" account}, first matching line wins.
 * FQANs are compared without the {@code /Role=NULL} and {@code /Capability=NULL} parts, so {@code /atlas} in the file
 * matches {@code /atlas/Role=NULL/Capability=NULL} from VOMS. No wildcards inside FQANs.
 */
final class VoRoleMapfile {
    private static final String ANY_DN = "*";

    private record Entry(String dn, String fqan, String username) {
    }

    private final List<Entry> entries;

    private VoRoleMapfile(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    static VoRoleMapfile read(Path file) throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (List<String> fields : MapfileLines.read(file)) {
            if (fields.size() < 3) {
                throw new IOException(file + ": expected \"DN-or-*\" \"FQAN\" account, got " + fields);
            }
            String dn = fields.get(0).equals(ANY_DN) ? ANY_DN : OpensslNameUtils.normalize(fields.get(0));
            entries.add(new Entry(dn, normalizeFqan(fields.get(1)), fields.get(2)));
        }
        return new VoRoleMapfile(entries);
    }

    /** The account of the first FQAN (in the order given, primary first) that some line maps for this DN. */
    Optional<String> username(String dn, List<String> fqans) {
        String normalizedDn = OpensslNameUtils.normalize(dn);
        for (String fqan : fqans) {
            String normalizedFqan = normalizeFqan(fqan);
            for (Entry entry : entries) {
                boolean dnMatches = entry.dn().equals(ANY_DN) || entry.dn().equals(normalizedDn);
                if (dnMatches && entry.fqan().equals(normalizedFqan)) {
                    return Optional.of(entry.username());
                }
            }
        }
        return Optional.empty();
    }

    static String normalizeFqan(String fqan) {
        return fqan.replace("/Capability=NULL", "").replace("/Role=NULL", "");
    }
}
