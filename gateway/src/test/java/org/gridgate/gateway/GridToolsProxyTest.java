package org.gridgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.gridgate.certs.DevPki;
import org.gridgate.certs.GridCredential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proxies made by the real grid tools, each asking for a macaroon with the compute element's curl command. The
 * door runs from a configuration file with a vomsdir and a policy that gives the VOMS production role more than
 * a plain proxy, so a test passes only if the FQANs were really verified.
 */
class GridToolsProxyTest {

    static final String POLICY = String.join("\n",
            "rules:",
            "  - name: testvo-production",
            "    match: {vo: testvo, group: /testvo/prod, role: production}",
            "    allow: {activities: [UPLOAD, DOWNLOAD], paths: [/testvo]}",
            "  - name: dev-user",
            "    match: {dn: \"" + DevPki.USER_DN + "\"}",
            "    allow: {activities: [UPLOAD, DOWNLOAD], paths: [/atlas]}",
            "");

    @TempDir
    static Path dir;
    static TestDoor door;
    static DevPki pki;

    @BeforeAll
    static void startDoor() throws Exception {
        Path vomsdir = dir.resolve("vomsdir");
        Files.createDirectories(vomsdir.resolve("testvo"));
        Path doorDir = dir.resolve("door");
        SharedPki.copyInto(doorDir);
        // The dev host certificate doubles as the VOMS attribute authority, as in voms-proxy-fake's own docs.
        GridCredential host = GridCredential.read(doorDir.resolve("host/hostcert.pem"),
                doorDir.resolve("host/hostkey.pem"));
        Files.writeString(vomsdir.resolve("testvo/localhost.lsc"), host.dn() + "\n" + DevPki.CA_DN + "\n");
        door = TestDoor.startConfigured(doorDir, POLICY, vomsdir);
        pki = door.dev.pki();
    }

    @AfterAll
    static void stopDoor() {
        if (door != null) {
            door.close();
        }
    }

    private Map<String, String> env(Path proxy) {
        Map<String, String> env = new HashMap<>();
        env.put("D", door.dev.directory().toString());
        env.put("proxy", proxy.toString());
        env.put("PORT", Integer.toString(door.port()));
        env.put("USERCERT", pki.userCertificate().toString());
        env.put("USERKEY", pki.userKey().toString());
        env.put("HOSTCERT", pki.hostCertificate().toString());
        env.put("HOSTKEY", pki.hostKey().toString());
        return env;
    }

    /** Runs the seed command with {@code proxy} for {@code path} and activity; returns the HTTP status. */
    private String mint(Path proxy, String path, String activity) throws Exception {
        return mintWithCaveats(proxy, path, "\"activity:" + activity + "\"");
    }

    /** @param caveats the JSON array's elements, quoted */
    private String mintWithCaveats(Path proxy, String path, String caveats) throws Exception {
        ExternalTool.Result result = ExternalTool.bash("curl -E $proxy --cacert $proxy --capath $D/certificates "
                + "-s -o /dev/null -w '%{http_code}' -H 'Content-Type:application/macaroon-request' -X POST "
                + "-d '{\"caveats\":[" + caveats + "],\"validity\":\"PT24H\"}' "
                + "https://localhost:$PORT" + path, env(proxy), 60);
        return result.stdout();
    }

    private Path make(String tool, String script) throws Exception {
        ExternalTool.require(tool);
        Path proxy = dir.resolve(tool + "-" + System.nanoTime() + ".pem");
        Map<String, String> env = env(proxy);
        env.put("OUT", proxy.toString());
        ExternalTool.Result made = ExternalTool.bash(script + " </dev/null", env, 60);
        assertThat(Files.exists(proxy)).as("%s made no proxy: %s %s", tool, made.stdout(), made.stderr()).isTrue();
        return proxy;
    }

    @Test
    void gridProxyInitRfc3820ProxyMints() throws Exception {
        Path proxy = make("grid-proxy-init", "grid-proxy-init -rfc -cert $USERCERT -key $USERKEY "
                + "-certdir $D/certificates -out $OUT");
        assertThat(mint(proxy, "/atlas/out/f", "UPLOAD")).isEqualTo("200");
    }

    @Test
    void gridProxyInitLegacyProxyMints() throws Exception {
        Path proxy = make("grid-proxy-init", "grid-proxy-init -old -cert $USERCERT -key $USERKEY "
                + "-certdir $D/certificates -out $OUT");
        assertThat(mint(proxy, "/atlas/out/f", "UPLOAD")).isEqualTo("200");
    }

    @Test
    void limitedProxyMintsDownloadButNotUpload() throws Exception {
        Path proxy = make("grid-proxy-init", "grid-proxy-init -limited -cert $USERCERT -key $USERKEY "
                + "-certdir $D/certificates -out $OUT");
        assertThat(mint(proxy, "/atlas/out/f", "UPLOAD")).isEqualTo("403");
        assertThat(mint(proxy, "/atlas/out/f", "DOWNLOAD")).isEqualTo("200");
        assertThat(mintWithCaveats(proxy, "/atlas/out/f", "")).as("no activity: the rule's full set").isEqualTo("403");
        assertThat(mint(proxy, "/atlas/out/f", "DOWNLOAD,FLY")).isEqualTo("400");
    }

    @Test
    void arcproxyMints() throws Exception {
        Path proxy = make("arcproxy", "arcproxy -C $USERCERT -K $USERKEY -T $D/certificates -P $OUT "
                + "-c validityPeriod=12H");
        assertThat(mint(proxy, "/atlas/out/f", "UPLOAD")).isEqualTo("200");
    }

    @Test
    void vomsProxyFakeFqansAreVerifiedAndMatchThePolicy() throws Exception {
        Path proxy = make("voms-proxy-fake", "voms-proxy-fake -rfc -cert $USERCERT -key $USERKEY "
                + "-certdir $D/certificates -hostcert $HOSTCERT -hostkey $HOSTKEY -voms testvo -uri localhost:15000 "
                + "-fqan /testvo/Role=NULL/Capability=NULL -fqan /testvo/prod/Role=production/Capability=NULL "
                + "-hours 12 -vomslife 12 -out $OUT");
        assertThat(mint(proxy, "/testvo/out/f", "UPLOAD")).isEqualTo("200");
        assertThat(mint(door.dev.pki().userProxy(), "/testvo/out/f", "UPLOAD")).isEqualTo("403");
    }

    @Test
    void vomsAttributesFromAnUntrustedAuthorityAreIgnored() throws Exception {
        Path proxy = make("voms-proxy-fake", "voms-proxy-fake -rfc -cert $USERCERT -key $USERKEY "
                + "-certdir $D/certificates -hostcert $USERCERT -hostkey $USERKEY -voms testvo "
                + "-uri localhost:15000 -fqan /testvo/prod/Role=production/Capability=NULL "
                + "-hours 12 -vomslife 12 -out $OUT");
        assertThat(mint(proxy, "/testvo/out/f", "UPLOAD")).isEqualTo("403");
        assertThat(mint(proxy, "/atlas/out/f", "UPLOAD")).isEqualTo("200");
    }
}
