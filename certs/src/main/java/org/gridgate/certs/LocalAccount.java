package org.gridgate.certs;

import java.util.List;

/** A local user an identity maps to (grid-mapfile / VO mapping). {@code gids} are primary first. */
public record LocalAccount(String username, long uid, List<Long> gids) {
    public LocalAccount {
        gids = List.copyOf(gids);
    }
}
