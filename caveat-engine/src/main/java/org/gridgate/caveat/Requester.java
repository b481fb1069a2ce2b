package org.gridgate.caveat;

import java.util.List;
import java.util.Optional;

/**
 * Who asks for a macaroon (or acts directly with X.509), in the terms the minting policy matches on. Built by the
 * gateway from an authenticated X.509 identity; the caveat engine never sees certificates.
 *
 * @param dn       the end-entity subject in OpenSSL slash form, e.g. {@code /DC=org/DC=example/CN=Test User}
 * @param fqans    verified VOMS FQANs, primary first, e.g. {@code /atlas/Role=production/Capability=NULL}
 * @param username the local account the identity maps to, if any (policy paths may use {@code ${username}})
 * @param idCaveat the value of the {@code id:} caveat to mint for this identity
 *                 ({@code uid;gid[,gid...];username}, as dCache writes it), if the identity maps to a local account
 */
public record Requester(String dn, List<String> fqans, Optional<String> username, Optional<String> idCaveat) {
    public Requester {
        fqans = List.copyOf(fqans);
    }
}
