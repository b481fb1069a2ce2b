package org.gridgate.certs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Numeric ids of local accounts, from files in {@code /etc/passwd} and {@code /etc/group} format: uid and primary gid
 * from passwd, supplementary gids from the member lists in group. Parsing the files (rather than asking NSS) keeps the
 * door free of native calls; sites with accounts only in LDAP/SSSD export them with {@code getent passwd > file}.
 */
final class AccountDatabase {
    private record PasswdEntry(long uid, long gid) {
    }

    private final Map<String, PasswdEntry> users;
    private final Map<String, List<Long>> supplementaryGids;

    private AccountDatabase(Map<String, PasswdEntry> users, Map<String, List<Long>> supplementaryGids) {
        this.users = Map.copyOf(users);
        this.supplementaryGids = Map.copyOf(supplementaryGids);
    }

    static AccountDatabase read(Path passwdFile, Path groupFile) throws IOException {
        Map<String, PasswdEntry> users = new HashMap<>();
        for (String[] fields : colonLines(passwdFile, 4)) {
            users.putIfAbsent(fields[0], new PasswdEntry(number(passwdFile, fields[2]), number(passwdFile, fields[3])));
        }
        Map<String, List<Long>> supplementary = new HashMap<>();
        for (String[] fields : colonLines(groupFile, 3)) {
            long gid = number(groupFile, fields[2]);
            if (fields.length > 3 && !fields[3].isBlank()) {
                for (String member : fields[3].split(",")) {
                    supplementary.computeIfAbsent(member.strip(), m -> new ArrayList<>()).add(gid);
                }
            }
        }
        return new AccountDatabase(users, supplementary);
    }

    Optional<LocalAccount> account(String username) {
        PasswdEntry entry = users.get(username);
        if (entry == null) {
            return Optional.empty();
        }
        Set<Long> gids = new LinkedHashSet<>();
        gids.add(entry.gid());
        gids.addAll(supplementaryGids.getOrDefault(username, List.of()));
        return Optional.of(new LocalAccount(username, entry.uid(), List.copyOf(gids)));
    }

    private static List<String[]> colonLines(Path file, int minimumFields) throws IOException {
        List<String[]> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split(":", -1);
            if (fields.length < minimumFields) {
                throw new IOException(file + ": not in passwd/group format: " + line);
            }
            lines.add(fields);
        }
        return lines;
    }

    private static long number(Path file, String field) throws IOException {
        try {
            return Long.parseLong(field.strip());
        } catch (NumberFormatException e) {
            throw new IOException(file + ": not a numeric id: " + field, e);
        }
    }
}
