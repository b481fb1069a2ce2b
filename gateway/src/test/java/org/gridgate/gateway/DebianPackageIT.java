package org.gridgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.gridgate.certs.DevPki;
import org.gridgate.gateway.config.DevEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package as an admin meets it: {@code apt-get install ./gridgate_*.deb}, a configuration in
 * /etc/gridgate, the door started with the packaged unit's command line as the packaged user, a mint, an upload and
 * a download, then {@code apt-get purge}.
 *
 * <p>It installs a system package, so it runs only as root, and only in CI ({@code CI=true}, where .ci/run runs it
 * on a throwaway machine) or when {@code GRIDGATE_PACKAGE_TEST=1}; elsewhere it is skipped.
 */
class DebianPackageIT {
    private static final Path UNIT = Path.of("/lib/systemd/system/gridgate.service");
    private static final Path ETC = Path.of("/etc/gridgate");
    private static final Path STORAGE = Path.of("/srv/gridgate/data");
    private static final Path SECRETS = Path.of("/srv/gridgate/package-test-secrets");

    @TempDir
    Path dir;

    @Test
    void installsStartsAsThePackagedUnitServesAndPurges() throws Exception {
        boolean wanted = "true".equalsIgnoreCase(System.getenv("CI"))
                || "1".equals(System.getenv("GRIDGATE_PACKAGE_TEST"));
        assumeTrue(wanted, "installs a system package: runs in CI, or with GRIDGATE_PACKAGE_TEST=1");
        ExternalTool.require("apt-get");
        ExternalTool.require("setpriv");
        if (!"0".equals(sh("id -u").strip())) {
            fail("the package test must run as root (it installs gridgate_*.deb)");
        }
        Path deb;
        try (Stream<Path> built = Files.list(Path.of("target"))) {
            deb = built.filter(p -> p.getFileName().toString().matches("gridgate_.*_all\\.deb")).findFirst()
                    .orElseThrow(() -> new AssertionError("no target/gridgate_*_all.deb: the build makes it"));
        }
        Process door = null;
        try {
            sh("DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends " + deb.toAbsolutePath());
            assertThat(sh("getent passwd gridgate")).contains("/srv/gridgate");
            assertThat(Path.of("/usr/share/gridgate/gateway.jar")).isRegularFile();
            assertThat(sh("gridgate --version")).contains("GridGate");
            assertThat(sh("stat -c %U:%G /srv/gridgate/data /var/log/gridgate"))
                    .isEqualTo("gridgate:gridgate\ngridgate:adm\n");

            int port = freePort();
            Path pki = configure(port);
            door = startAsTheUnitDoes(dir.resolve("door.log"));
            awaitListening(port, door, dir.resolve("door.log"));

            String mint = sh("curl -sS --fail-with-body -E " + pki.resolve("user.pem") + " --cacert "
                    + pki.resolve("ca.pem") + " -H 'Content-Type: application/macaroon-request' -X POST -d "
                    + "'{\"caveats\":[\"activity:UPLOAD,DOWNLOAD\"],\"validity\":\"PT1H\"}' "
                    + "https://localhost:" + port + "/atlas/pkg/file1");
            String macaroon = new ObjectMapper().readTree(mint).get("macaroon").asText();
            Files.writeString(dir.resolve("payload"), "bytes through the packaged door\n");
            String curl = "curl -sS --fail-with-body --cacert " + pki.resolve("ca.pem") + " -H 'Authorization: Bearer "
                    + macaroon + "' ";
            sh(curl + "-T " + dir.resolve("payload") + " https://localhost:" + port + "/atlas/pkg/file1");
            assertThat(sh(curl + "https://localhost:" + port + "/atlas/pkg/file1"))
                    .isEqualTo("bytes through the packaged door\n");
            assertThat(sh("stat -c %U " + STORAGE.resolve("atlas/pkg/file1"))).isEqualTo("gridgate\n");

            door.destroy(); // SIGTERM, as systemctl stop: the door drains and exits with 0
            assertThat(door.waitFor(60, TimeUnit.SECONDS)).as("the door stops on SIGTERM").isTrue();
            assertThat(door.exitValue()).as(Files.readString(dir.resolve("door.log"))).isZero();
            assertThat(sh("cat /var/log/gridgate/access.log")).as("the packaged logback.xml's access log")
                    .contains("/atlas/pkg/file1");
        } finally {
            if (door != null && door.isAlive()) {
                door.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            sh("DEBIAN_FRONTEND=noninteractive apt-get purge -y -q gridgate");
            sh("rm -rf " + STORAGE.resolve("atlas") + " " + SECRETS + " " + SECRETS + ".revoked");
        }
        assertThat(sh("dpkg-query -W -f '${db:Status-Status}' gridgate 2>/dev/null || echo not-installed"))
                .isIn("not-installed", "not-installed\n", "config-files");
        assertThat(Path.of("/usr/share/gridgate")).doesNotExist();
        assertThat(ETC).doesNotExist();
        assertThat(Path.of("/var/log/gridgate")).doesNotExist();
        assertThat(STORAGE).as("purge keeps the site's data").isDirectory();
    }

    /** Test PKI readable by the door's user, and /etc/gridgate/{gateway,policy}.yaml over the templates. */
    private Path configure(int port) throws Exception {
        SharedPki.copyInto(dir.resolve("dev"));
        DevEnvironment dev = DevEnvironment.prepare(dir.resolve("dev"));
        Path pki = Files.createDirectories(dir.resolve("pki"));
        Files.copy(dev.pki().hostCertificate(), pki.resolve("hostcert.pem"));
        Files.copy(dev.pki().hostKey(), pki.resolve("hostkey.pem"));
        Files.copy(dev.pki().userProxy(), pki.resolve("user.pem"));
        Files.copy(dev.directory().resolve("ca/ca.pem"), pki.resolve("ca.pem"));
        sh("cp -r " + dev.pki().caDirectory() + " " + pki.resolve("certificates"));
        // @TempDir is root's and 0700; the door runs as gridgate.
        sh("chmod 755 " + dir + " " + pki + " && chgrp -R gridgate " + pki + " && chmod 640 " + pki.resolve("hostkey.pem"));
        Files.writeString(ETC.resolve("gateway.yaml"), String.join("\n",
                "listen: {host: localhost, port: " + port + "}",
                "tls: {certificate: " + pki.resolve("hostcert.pem") + ", key: " + pki.resolve("hostkey.pem") + "}",
                "grid: {ca-directory: " + pki.resolve("certificates") + "}",
                "storage: {root: " + STORAGE + "}",
                "macaroons: {secret-file: " + SECRETS + "}",
                "policy: /etc/gridgate/policy.yaml", ""));
        Files.writeString(ETC.resolve("policy.yaml"), String.join("\n",
                "rules:",
                "  - name: package-test",
                "    match: {dn: \"" + DevPki.USER_DN + "\"}",
                "    allow: {activities: [UPLOAD, DOWNLOAD], paths: [/atlas]}", ""));
        return pki;
    }

    /** The unit's Environment= and ExecStart=, run as its User= (no systemd in a container). */
    private static Process startAsTheUnitDoes(Path log) throws IOException {
        String unit = Files.readString(UNIT);
        Matcher user = Pattern.compile("(?m)^User=(\\S+)$").matcher(unit);
        Matcher exec = Pattern.compile("(?m)^ExecStart=(.+)$").matcher(unit);
        assertThat(user.find() && exec.find()).as("User= and ExecStart= in " + UNIT).isTrue();
        // setpriv execs the door as the user, so SIGTERM reaches the JVM itself (runuser would kill its session).
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + user.group(1),
                "--regid=" + user.group(1), "--init-groups", "env"));
        Matcher environment = Pattern.compile("(?m)^Environment=(\\S+)$").matcher(unit);
        while (environment.find()) {
            command.add(environment.group(1));
        }
        command.addAll(Arrays.asList(exec.group(1).strip().split("\\s+")));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void awaitListening(int port, Process door, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!door.isAlive()) {
                fail("the packaged door exited with " + door.exitValue() + ":\n" + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("localhost", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        fail("the packaged door did not listen within 60 s:\n" + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Runs a shell command; fails the test with its output unless it exits with 0. */
    private static String sh(String script) throws Exception {
        ExternalTool.Result result = ExternalTool.bash(script, Map.of(), 300);
        if (result.exitCode() != 0) {
            fail(script + " exited with " + result.exitCode() + "\n" + result.stdout() + result.stderr());
        }
        return result.stdout();
    }
}
