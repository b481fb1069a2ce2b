package org.gridgate.caveat.policy;

import java.util.List;
import java.util.Optional;
import org.gridgate.caveat.Requester;

/** Small fixtures for requesters, so each test states only what it is about. */
final class Requesters {

    static final String CE_DN = "/DC=ch/DC=cern/OU=computers/CN=arc-ce.example.org";
    static final String USER_DN = "/DC=org/DC=example/CN=Jane Doe";

    private Requesters() {
    }

    static Requester dn(String dn) {
        return new Requester(dn, List.of(), Optional.empty(), Optional.empty());
    }

    static Requester withFqans(String dn, String... fqans) {
        return new Requester(dn, List.of(fqans), Optional.empty(), Optional.empty());
    }

    static Requester withUsername(String dn, String username, String... fqans) {
        return new Requester(dn, List.of(fqans), Optional.of(username), Optional.of("1000;1000;" + username));
    }
}
