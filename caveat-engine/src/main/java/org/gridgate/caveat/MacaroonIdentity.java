package org.gridgate.caveat;

import java.util.ArrayList;
import java.util.List;

/**
 * The value of an {@code id:} caveat, {@code uid;gid[,gid...];username} as dCache writes it: the local account the
 * macaroon acts as. The first gid is the primary group.
 */
record MacaroonIdentity(long uid, List<Long> gids, String username) {
    MacaroonIdentity {
        gids = List.copyOf(gids);
    }

    static MacaroonIdentity parse(String value) throws InvalidCaveatException {
        String[] parts = value.split(";", 3);
        if (parts.length != 3) {
            throw CaveatValues.bad(CaveatType.IDENTITY, value, "expected uid;gid[,gid...];username");
        }
        long uid = number(parts[0], value, "uid");
        List<Long> gids = new ArrayList<>();
        for (String gid : parts[1].split(",", -1)) {
            gids.add(number(gid, value, "gid"));
        }
        String username = parts[2].strip();
        if (username.isEmpty()) {
            throw CaveatValues.bad(CaveatType.IDENTITY, value, "empty username");
        }
        return new MacaroonIdentity(uid, gids, username);
    }

    private static long number(String text, String value, String what) throws InvalidCaveatException {
        if (text.length() > 18 || !CaveatValues.isDecimal(text)) {
            throw CaveatValues.bad(CaveatType.IDENTITY, value, "badly formatted " + what);
        }
        return Long.parseLong(text);
    }
}
