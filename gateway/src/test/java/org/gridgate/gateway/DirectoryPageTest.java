package org.gridgate.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.response.Response;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** GET and HEAD of a directory answer with an HTML listing, as at dCache, instead of an error. */
class DirectoryPageTest {

    @RegisterExtension
    static final DevDoorExtension door = DevDoorExtension.dev();

    @BeforeAll
    static void seed() throws Exception {
        Files.createDirectories(door.dataDir().resolve("d/sub dir"));
        Files.write(door.dataDir().resolve("d/a.bin"), new byte[321]);
        Files.write(door.dataDir().resolve("d/b&c"), new byte[1]);
    }

    @Test
    void getOfADirectoryListsItsMembersWithLinks() throws Exception {
        given(door.withProxy()).get("/d/").then().statusCode(200)
                .contentType(startsWith("text/html"))
                .body(containsString("<a href=\"/d/a.bin\">a.bin</a></td><td>321</td>"))
                .body(containsString("<a href=\"/d/sub%20dir/\">sub dir/</a>"))
                .body(containsString("<a href=\"/d/b%26c\">b&amp;c</a>"));
    }

    @Test
    void headOfADirectoryGivesTheLengthOfItsListing() throws Exception {
        Response get = given(door.withProxy()).get("/d");
        Response head = given(door.withProxy()).head("/d");

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.header("Content-Type")).startsWith("text/html");
        assertThat(head.header("Content-Length")).isEqualTo(Integer.toString(get.asByteArray().length));
    }

    @Test
    void listingShowsOnlyWhatTheMacaroonMaySee() throws Exception {
        String token = door.mint("/d/a.bin", "{\"caveats\":[\"activity:DOWNLOAD,LIST\"]}");

        String page = given(door.anonymous()).header("Authorization", "Bearer " + token).get("/d")
                .then().statusCode(200).extract().asString();

        assertThat(page).contains("a.bin").doesNotContain("sub dir").doesNotContain("b&amp;c");
    }

    @Test
    void listingNeedsList() throws Exception {
        String token = door.mint("/d", "{\"caveats\":[\"activity:DOWNLOAD\"]}");

        given(door.anonymous()).header("Authorization", "Bearer " + token).get("/d")
                .then().statusCode(403).body(containsString("LIST"));
    }

    @Test
    void clientWithoutMetadataRightsLearnsNothingAboutThePath() throws Exception {
        String token = door.mint("/other", "{\"caveats\":[\"activity:DOWNLOAD,LIST\"]}");

        given(door.anonymous()).header("Authorization", "Bearer " + token).get("/d")
                .then().statusCode(403).body(containsString("DOWNLOAD"));
    }
}
