package org.gridgate.gateway;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the project's start commands run the door: README.md's {@code [NAME=VALUE ...] java FLAGS -jar
 * gateway/target/gateway.jar dev|serve}, and {@code packaging/gridgate.service}'s Environment= lines and ExecStart.
 * bench/run-peers.sh and bench/run-doors.sh read the unit's (bench/lib.sh), so the benchmarks run the door as shipped.
 */
final class ShippedJvmFlags {

    private static final Pattern README_COMMAND = Pattern.compile(
            "((?:[A-Z_][A-Z0-9_]*=\\S+ )*)java((?: -\\S+)*) -jar gateway/target/gateway\\.jar (\\w+)");
    private static final Pattern UNIT_EXEC_START =
            Pattern.compile("(?m)^ExecStart=/usr/bin/java((?: -\\S+)*) -jar /usr/share/gridgate/gateway\\.jar serve ");
    private static final Pattern UNIT_ENVIRONMENT = Pattern.compile("(?m)^Environment=(\\S+)$");

    private ShippedJvmFlags() {
    }

    /** The repository: the tests run in the gateway module's directory (Maven's default working directory). */
    static Path repository() {
        Path here = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("packaging"))) {
                return dir;
            }
        }
        return fail("no README.md and packaging/ in " + here + " or above it");
    }

    /** The java flags of the README's command line that runs {@code gateway.jar command}. */
    static List<String> readme(String command) {
        return words(readmeCommand(command).group(2));
    }

    /** The environment that command line sets before {@code java} (NAME=VALUE words), in order. */
    static Map<String, String> readmeEnvironment(String command) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String assignment : words(readmeCommand(command).group(1))) {
            environment.put(assignment.substring(0, assignment.indexOf('=')),
                    assignment.substring(assignment.indexOf('=') + 1));
        }
        return environment;
    }

    /** The java flags of the systemd unit's ExecStart. */
    static List<String> unit() {
        Matcher m = UNIT_EXEC_START.matcher(read("packaging/gridgate.service"));
        if (!m.find()) {
            fail("packaging/gridgate.service has no line "
                    + "ExecStart=/usr/bin/java ... -jar /usr/share/gridgate/gateway.jar serve");
        }
        // System properties (-D) say where configuration lives, which differs between a checkout and a package;
        // the flags that size and tune the JVM are what must match.
        return words(m.group(1)).stream().filter(word -> !word.startsWith("-D")).toList();
    }

    /** The unit's Environment= settings, in order. */
    static Map<String, String> unitEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>();
        Matcher m = UNIT_ENVIRONMENT.matcher(read("packaging/gridgate.service"));
        while (m.find()) {
            String assignment = m.group(1);
            environment.put(assignment.substring(0, assignment.indexOf('=')),
                    assignment.substring(assignment.indexOf('=') + 1));
        }
        return environment;
    }

    /** The -XX:MaxDirectMemorySize of the README's command for {@code command}, in MiB. */
    static long directMemoryMiB(String command) {
        String value = readme(command).stream().filter(f -> f.startsWith("-XX:MaxDirectMemorySize="))
                .map(f -> f.substring(f.indexOf('=') + 1).toLowerCase(Locale.ROOT)).findFirst()
                .orElseGet(() -> fail("no -XX:MaxDirectMemorySize in the README's " + command + " command"));
        long number = Long.parseLong(value.replaceAll("[kmg]$", ""));
        return switch (value.charAt(value.length() - 1)) {
            case 'k' -> number / 1024;
            case 'm' -> number;
            case 'g' -> number * 1024;
            default -> number / (1024 * 1024);
        };
    }

    private static Matcher readmeCommand(String command) {
        Matcher m = README_COMMAND.matcher(read("README.md"));
        while (m.find()) {
            if (m.group(3).equals(command)) {
                return m;
            }
        }
        return fail("README.md has no command line '[NAME=VALUE ...] java ... -jar gateway/target/gateway.jar "
                + command + "'");
    }

    private static List<String> words(String words) {
        return words.isBlank() ? List.of() : Arrays.asList(words.strip().split(" "));
    }

    private static String read(String file) {
        try {
            return Files.readString(repository().resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
