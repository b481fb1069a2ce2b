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
        // Scanned with indexOf rather than split: every request carrying a macaroon pays for this parse.
        int uidEnd = value.indexOf(';');
        int gidsEnd = uidEnd < 0 ? -1 : value.indexOf(';', uidEnd + 1);
        if (gidsEnd < 0) {
            throw CaveatValues.bad(CaveatType.IDENTITY, value, "expected uid;gid[,gid...];username");
        }
        long uid = number(value, 0, uidEnd, "uid");
        List<Long> gids = new ArrayList<>(2);
        int start = uidEnd + 1;
        while (true) {
            int comma = value.indexOf(',', start);
            int end = comma < 0 || comma > gidsEnd ? gidsEnd : comma;
            gids.add(number(value, start, end, "gid"));
            if (end == gidsEnd) {
                break;
            }
            start = end + 1;
        }
        String username = value.substring(gidsEnd + 1).strip();
        if (username.isEmpty()) {
            throw CaveatValues.bad(CaveatType.IDENTITY, value, "empty username");
        }
        return new MacaroonIdentity(uid, gids, username);
    }

    /** The decimal number in {@code value[start, end)}: ASCII digits only, at most 18 of them (no overflow). */
    private static long number(String value, int start, int end, String what) throws InvalidCaveatException {
        if (end <= start || end - start > 18) {
            throw CaveatValues.bad(CaveatType.IDENTITY, value, "badly formatted " + what);
        }
        long number = 0;
        for (int i = start; i < end; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw CaveatValues.bad(CaveatType.IDENTITY, value, "badly formatted " + what);
            }
            number = number * 10 + (c - '0');
        }
        return number;
    }
}
