package org.gridgate.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** PROPFIND answers in the shapes grid and WebDAV clients parse, as the dCache door writes them. */
class PropfindShapeTest {

    private static final String CHECKSUMS = "<?xml version=\"1.0\"?><propfind xmlns=\"DAV:\" "
            + "xmlns:dc=\"http://www.dcache.org/2013/webdav\"><prop><dc:Checksums/></prop></propfind>";

    @RegisterExtension
    static final DevDoorExtension door = DevDoorExtension.dev();

    @BeforeAll
    static void seed() throws Exception {
        // md5 is recorded only when asked for; the property lists what is recorded.
        given(door.withProxy()).header("Want-Digest", "md5").body("hello\n").put("/p/hello.txt").then()
                .statusCode(201);
    }

    @Test
    void checksumsPropertyGivesRfc3230Values() throws Exception {
        given(door.withProxy()).header("Depth", "0").body(CHECKSUMS).request("PROPFIND", "/p/hello.txt")
                .then().statusCode(207)
                .body(containsString("adler32=084b021f"))
                .body(containsString("md5=sZRqySSS0jR8YjW00mERhA=="))
                .body(not(containsString("b1946ac92492d2347c6235b4d2611184")));
    }

    @Test
    void collectionHrefEndsWithASlashEvenWhenAskedWithout() throws Exception {
        given(door.withProxy()).header("Depth", "0").request("PROPFIND", "/p")
                .then().statusCode(207).body(containsString("<d:href>/p/</d:href>"));
    }

    @Test
    void missingResourceIsNotFound() throws Exception {
        given(door.withProxy()).header("Depth", "0").request("PROPFIND", "/p/missing")
                .then().statusCode(404);
    }
}
