package org.gridgate.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.oneOf;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.gridgate.storage.PosixStorage;
import org.gridgate.storage.Storage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Element;

/**
 * Dead properties over the real door: PROPPATCH stores them all or nothing, PROPFIND gives them back with their
 * namespaces, COPY, MOVE, DELETE and PUT treat them as part of the resource, and PROPPATCH needs UPDATE_METADATA.
 */
class DeadPropertiesTest {

    static final String NS = "urn:example:desk";
    static final String DCACHE = "http://www.dcache.org/2013/webdav";

    @RegisterExtension
    static final DevDoorExtension door = DevDoorExtension.dev();

    static String update(String... actions) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?><D:propertyupdate xmlns:D=\"DAV:\">"
                + String.join("", actions) + "</D:propertyupdate>";
    }

    static String set(String... properties) {
        return "<D:set><D:prop>" + String.join("", properties) + "</D:prop></D:set>";
    }

    static String remove(String... properties) {
        return "<D:remove><D:prop>" + String.join("", properties) + "</D:prop></D:remove>";
    }

    static String property(String name, String value) {
        return "<z:" + name + " xmlns:z=\"" + NS + "\">" + value + "</z:" + name + ">";
    }

    static String named(String name) {
        return "<z:" + name + " xmlns:z=\"" + NS + "\"/>";
    }

    /** Bodies go as UTF-8 bytes, answers are read as UTF-8: RestAssured's default for text is ISO-8859-1. */
    static Multistatus proppatch(RequestSpecification client, String path, String body) throws Exception {
        return Multistatus.parse(given(client).body(body.getBytes(StandardCharsets.UTF_8))
                .request("PROPPATCH", path).then().statusCode(207).extract().asByteArray());
    }

    static Multistatus propfind(String path, String body) throws Exception {
        return Multistatus.parse(given(door.withProxy()).header("Depth", "0")
                .body(body.getBytes(StandardCharsets.UTF_8)).request("PROPFIND", path)
                .then().statusCode(207).extract().asByteArray());
    }

    /** PROPFIND of the named properties of {@link #NS}. */
    static Multistatus props(String path, String... names) throws Exception {
        String prop = Arrays.stream(names).map(DeadPropertiesTest::named).collect(Collectors.joining());
        return propfind(path, "<propfind xmlns=\"DAV:\"><prop>" + prop + "</prop></propfind>");
    }

    static void put(String path, String content) throws Exception {
        given(door.withProxy()).body(content).put(path).then().statusCode(oneOf(201, 204));
    }

    /** The properties' values as text; absent ones are left out. */
    static Map<String, String> values(String path, String... names) throws Exception {
        Multistatus found = props(path, names);
        return Arrays.stream(names).filter(n -> found.get(NS, n).status() == 200)
                .collect(Collectors.toMap(n -> n, n -> found.get(NS, n).text()));
    }

    @Test
    void aSetPropertyComesBackByNameWithItsNamespacesAndChildren() throws Exception {
        put("/dp/named", "x");

        Multistatus answer = proppatch(door.withProxy(), "/dp/named", update(set(
                property("author", "Jim <b xmlns=\"urn:example:b\">bold</b>"),
                "<plain xmlns=\"\">no namespace</plain>",
                "<d:shadow xmlns:d=\"urn:example:not-dav\">\uD800\uDC00</d:shadow>")));

        assertThat(answer.properties().values()).extracting(Multistatus.Property::status).containsOnly(200);
        Multistatus found = propfind("/dp/named", "<propfind xmlns=\"DAV:\"><prop>" + named("author")
                + "<plain xmlns=\"\"/><s:shadow xmlns:s=\"urn:example:not-dav\"/>" + named("missing")
                + "</prop></propfind>");
        Element author = found.get(NS, "author").element();
        assertThat(author.getTextContent()).isEqualTo("Jim bold");
        assertThat(((Element) author.getElementsByTagNameNS("urn:example:b", "b").item(0)).getTextContent())
                .isEqualTo("bold");
        assertThat(found.get("", "plain").text()).isEqualTo("no namespace");
        assertThat(found.get("urn:example:not-dav", "shadow").text()).isEqualTo("\uD800\uDC00");
        assertThat(found.get(NS, "missing").status()).isEqualTo(404);
        assertThat(found.get("DAV:", "shadow")).isNull();
    }

    @Test
    void allpropAndPropnameShowThemBesideTheLiveOnes() throws Exception {
        put("/dp/all", "x");
        proppatch(door.withProxy(), "/dp/all", update(set(property("colour", "blue"))));

        Multistatus all = propfind("/dp/all", "<propfind xmlns=\"DAV:\"><allprop/></propfind>");
        Multistatus names = propfind("/dp/all", "<propfind xmlns=\"DAV:\"><propname/></propfind>");
        Multistatus noBody = Multistatus.parse(given(door.withProxy()).header("Depth", "0")
                .request("PROPFIND", "/dp/all").then().statusCode(207).extract().asByteArray());

        assertThat(all.get(NS, "colour").text()).isEqualTo("blue");
        assertThat(all.get("DAV:", "getcontentlength").text()).isEqualTo("1");
        assertThat(noBody.get(NS, "colour").text()).isEqualTo("blue");
        assertThat(names.get(NS, "colour").status()).isEqualTo(200);
        assertThat(names.get(NS, "colour").element().hasChildNodes()).isFalse();
        assertThat(names.get("DAV:", "getetag").element().hasChildNodes()).isFalse();
    }

    @Test
    void aListingGivesEachMemberItsOwnAndShowsNoMemberTheClientMayNotSee() throws Exception {
        put("/dp/listing/tagged", "x");
        put("/dp/listing/plain", "x");
        put("/dp/listing/hidden", "x");
        proppatch(door.withProxy(), "/dp/listing", update(set(property("tag", "the directory"))));
        proppatch(door.withProxy(), "/dp/listing/tagged", update(set(property("tag", "tagged"))));
        proppatch(door.withProxy(), "/dp/listing/hidden", update(set(property("tag", "hidden"))));
        String oneMember = door.mint("/dp/listing/tagged", "{\"caveats\":[\"activity:LIST,READ_METADATA\"]}");
        String body = "<propfind xmlns=\"DAV:\"><prop>" + named("tag") + "<getcontentlength/></prop></propfind>";

        Map<String, Multistatus> all = Multistatus.byHref(given(door.withProxy()).header("Depth", "1")
                .body(body.getBytes(StandardCharsets.UTF_8)).request("PROPFIND", "/dp/listing")
                .then().statusCode(207).extract().asByteArray());
        byte[] seen = given(door.anonymous()).header("Authorization", "Bearer " + oneMember).header("Depth", "1")
                .body(body.getBytes(StandardCharsets.UTF_8)).request("PROPFIND", "/dp/listing")
                .then().statusCode(207).extract().asByteArray();

        assertThat(all.get("/dp/listing/").get(NS, "tag").text()).isEqualTo("the directory");
        assertThat(all.get("/dp/listing/tagged").get(NS, "tag").text()).isEqualTo("tagged");
        assertThat(all.get("/dp/listing/hidden").get(NS, "tag").text()).isEqualTo("hidden");
        assertThat(all.get("/dp/listing/plain").get(NS, "tag").status()).isEqualTo(404);
        assertThat(all.get("/dp/listing/plain").get("DAV:", "getcontentlength").text()).isEqualTo("1");
        assertThat(Multistatus.byHref(seen)).containsOnlyKeys("/dp/listing/", "/dp/listing/tagged");
        assertThat(new String(seen, StandardCharsets.UTF_8)).doesNotContain(">hidden<");
    }

    @Test
    void setAndRemoveApplyInDocumentOrder() throws Exception {
        put("/dp/order", "x");

        proppatch(door.withProxy(), "/dp/order", update(remove(named("a")), set(property("a", "x")),
                set(property("a", "y")), set(property("b", "x")), remove(named("b"))));

        assertThat(values("/dp/order", "a", "b")).containsExactly(Map.entry("a", "y"));
    }

    @Test
    void aProtectedPropertyIsRefusedAndNothingOfTheRequestIsStored() throws Exception {
        put("/dp/protected", "x");

        Multistatus answer = proppatch(door.withProxy(), "/dp/protected", update(set(property("kept", "no"),
                "<D:getetag>\"forged\"</D:getetag>"), remove("<dc:Checksums xmlns:dc=\"" + DCACHE + "\"/>")));

        for (Multistatus.Property live : new Multistatus.Property[] {answer.get("DAV:", "getetag"),
                answer.get(DCACHE, "Checksums")}) {
            assertThat(live.status()).isEqualTo(403);
            assertThat(live.error().getElementsByTagNameNS("DAV:", "cannot-modify-protected-property")
                    .getLength()).isEqualTo(1);
        }
        assertThat(answer.get(NS, "kept").status()).isEqualTo(424);
        assertThat(values("/dp/protected", "kept")).isEmpty();
    }

    @Test
    void aPropertyBeyondTheLimitIs507AndTheOthers424WithNothingStored() throws Exception {
        put("/dp/many", "x");
        String sixtyFive = IntStream.range(0, 65).mapToObj(i -> property("p" + i, "v"))
                .collect(Collectors.joining());

        Multistatus answer = proppatch(door.withProxy(), "/dp/many", update(set(sixtyFive)));

        assertThat(answer.get(NS, "p64").status()).isEqualTo(507);
        assertThat(IntStream.range(0, 64).mapToObj(i -> answer.get(NS, "p" + i).status())).containsOnly(424);
        assertThat(values("/dp/many", "p0", "p63")).isEmpty();
    }

    @Test
    void proppatchNeedsUpdateMetadataOnTheResource() throws Exception {
        put("/dp/authz/file", "x");
        String everythingElse = door.mint("/dp/authz",
                "{\"caveats\":[\"activity:LIST,DOWNLOAD,MANAGE,UPLOAD,DELETE,READ_METADATA,STAGE\"]}");
        String metadata = door.mint("/dp/authz/file", "{\"caveats\":[\"activity:UPDATE_METADATA\"]}");

        given(door.anonymous()).header("Authorization", "Bearer " + everythingElse)
                .body(update(set(property("who", "refused")))).request("PROPPATCH", "/dp/authz/file")
                .then().statusCode(403).body(containsString("UPDATE_METADATA"));
        given(door.anonymous()).header("Authorization", "Bearer " + metadata)
                .body(update(set(property("who", "refused")))).request("PROPPATCH", "/dp/authz")
                .then().statusCode(403);
        assertThat(values("/dp/authz/file", "who")).isEmpty();

        Multistatus allowed = proppatch(given(door.anonymous()).header("Authorization", "Bearer " + metadata),
                "/dp/authz/file", update(set(property("who", "allowed"))));
        assertThat(allowed.get(NS, "who").status()).isEqualTo(200);
        assertThat(values("/dp/authz/file", "who")).containsEntry("who", "allowed");
    }

    @Test
    void propfindOfThemNeedsReadMetadataThere() throws Exception {
        put("/dp/seen/file", "x");
        proppatch(door.withProxy(), "/dp/seen/file", update(set(property("secret", "s"))));
        String elsewhere = door.mint("/dp/other", "{\"caveats\":[\"activity:READ_METADATA\"]}");

        given(door.anonymous()).header("Authorization", "Bearer " + elsewhere).header("Depth", "0")
                .body("<propfind xmlns=\"DAV:\"><allprop/></propfind>").request("PROPFIND", "/dp/seen/file")
                .then().statusCode(403);
    }

    @Test
    void anXmlBodyWithADoctypeIsRefusedAndStoresNothing() throws Exception {
        put("/dp/xxe", "x");
        Files.writeString(door.scratch().resolve("secret"), "TOP SECRET");
        String xxe = "<!DOCTYPE d [<!ENTITY x SYSTEM \"file://" + door.scratch().resolve("secret") + "\">]>"
                + "<D:propertyupdate xmlns:D=\"DAV:\">" + set(property("leak", "&x;")) + "</D:propertyupdate>";

        given(door.withProxy()).body(xxe).request("PROPPATCH", "/dp/xxe").then().statusCode(400);
        assertThat(values("/dp/xxe", "leak")).isEmpty();
    }

    @Test
    void copyCopiesThemMoveKeepsThemDeleteRemovesThem() throws Exception {
        put("/dp/life/file", "x");
        proppatch(door.withProxy(), "/dp/life/file", update(set(property("tag", "t"))));

        given(door.withProxy()).header("Destination", door.url("/dp/life/copy")).request("COPY", "/dp/life/file")
                .then().statusCode(201);
        given(door.withProxy()).header("Destination", door.url("/dp/life/moved")).request("MOVE", "/dp/life/file")
                .then().statusCode(201);
        assertThat(values("/dp/life/copy", "tag")).containsEntry("tag", "t");
        assertThat(values("/dp/life/moved", "tag")).containsEntry("tag", "t");

        given(door.withProxy()).delete("/dp/life/moved").then().statusCode(204);
        put("/dp/life/moved", "a new file under the old name");
        assertThat(values("/dp/life/moved", "tag")).isEmpty();
    }

    @Test
    void aCollectionCopyCarriesThemAtAnyDepth() throws Exception {
        given(door.withProxy()).request("MKCOL", "/dp/tree").then().statusCode(201);
        put("/dp/tree/leaf", "x");
        proppatch(door.withProxy(), "/dp/tree", update(set(property("level", "top"))));
        proppatch(door.withProxy(), "/dp/tree/leaf", update(set(property("level", "leaf"))));

        given(door.withProxy()).header("Destination", door.url("/dp/deep")).request("COPY", "/dp/tree")
                .then().statusCode(201);
        given(door.withProxy()).header("Destination", door.url("/dp/shallow")).header("Depth", "0")
                .request("COPY", "/dp/tree").then().statusCode(201);

        assertThat(values("/dp/deep", "level")).containsEntry("level", "top");
        assertThat(values("/dp/deep/leaf", "level")).containsEntry("level", "leaf");
        assertThat(values("/dp/shallow", "level")).containsEntry("level", "top");
    }

    @Test
    void aPutReplacingTheFileKeepsThemAndAFailedOneLosesNothing() throws Exception {
        put("/dp/replaced", "old");
        proppatch(door.withProxy(), "/dp/replaced", update(set(property("note", "kept"))));

        put("/dp/replaced", "new");
        given(door.withProxy()).header("Digest", "adler32=00000000").body("broken").put("/dp/replaced")
                .then().statusCode(400);

        assertThat(Files.readString(door.dataDir().resolve("dp/replaced"))).isEqualTo("new");
        assertThat(values("/dp/replaced", "note")).containsEntry("note", "kept");
    }

    /**
     * A door whose storage keeps no extended attributes (ramfs): PROPPATCH is answered 403 per property, and
     * everything else works. Mounting needs root; elsewhere the test is skipped.
     */
    @Test
    void storageWithoutExtendedAttributesRefusesThemWith403() throws Exception {
        Path ramfs = Files.createDirectories(door.scratch().resolve("ramfs"));
        assumeTrue(ExternalTool.bash("mount -t ramfs ramfs " + ramfs, Map.of(), 20).exitCode() == 0,
                "cannot mount a ramfs here (needs root)");
        try (TestDoor plain = TestDoor.start(door.scratch().resolve("plain"), storage -> openOrFail(ramfs))) {
            given(plain.withProxy()).body("x").put("/file").then().statusCode(201);

            Multistatus answer = proppatch(plain.withProxy(), "/file", update(set(property("a", "1"),
                    property("b", "2")), remove(named("c"))));

            assertThat(answer.get(NS, "a").status()).isEqualTo(403);
            assertThat(answer.get(NS, "b").status()).isEqualTo(403);
            assertThat(answer.get(NS, "c").status()).isEqualTo(424);
            given(plain.withProxy()).get("/file").then().statusCode(200).body(equalTo("x"));
        } finally {
            ExternalTool.bash("umount " + ramfs, Map.of(), 20);
        }
    }

    private static Storage openOrFail(Path root) {
        try {
            return PosixStorage.open(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
