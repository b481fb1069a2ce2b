package org.gridgate.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A raw {@code #} in a request URI or a Destination is refused (400), never cut off: the client meant a name
 * with {@code #} in it, and cutting there would act on another resource (litmus delete_fragment).
 */
class FragmentTest {

    @RegisterExtension
    static final DevDoorExtension door = DevDoorExtension.dev();

    @BeforeAll
    static void seed() throws Exception {
        Files.createDirectories(door.dataDir().resolve("coll"));
        Files.write(door.dataDir().resolve("coll/file"), new byte[3]);
    }

    @Test
    void deleteWithAFragmentIsBadRequestAndRemovesNothing() throws Exception {
        int status = RawHttps.status(door.sslContext(door.environment().pki().userProxy()), door.port(), "DELETE",
                "/coll/#frag");

        assertThat(status).isEqualTo(400);
        assertThat(door.dataDir().resolve("coll")).isDirectory();
    }

    @Test
    void destinationWithAFragmentIsBadRequest() throws Exception {
        given(door.withProxy()).header("Destination", door.url("/coll/copy#frag")).request("COPY", "/coll/file")
                .then().statusCode(400);

        assertThat(door.dataDir().resolve("coll/copy")).doesNotExist();
    }
}
