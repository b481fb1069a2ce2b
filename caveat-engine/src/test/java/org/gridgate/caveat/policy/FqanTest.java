package org.gridgate.caveat.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class FqanTest {

    @Test
    void fullFqanSplitsIntoVoGroupAndRole() {
        assertThat(Fqan.parse("/atlas/atlaswork/sub/Role=production/Capability=NULL"))
                .contains(new Fqan("atlas", "/atlas/atlaswork/sub", Optional.of("production")));
    }

    @Test
    void roleNullMeansNoRole() {
        assertThat(Fqan.parse("/atlas/Role=NULL/Capability=NULL")).contains(new Fqan("atlas", "/atlas",
                Optional.empty()));
    }

    @Test
    void bareGroupHasNoRole() {
        assertThat(Fqan.parse("/cms/uscms")).contains(new Fqan("cms", "/cms/uscms", Optional.empty()));
    }

    @Test
    void malformedFqansAreNotParsed() {
        assertThat(Fqan.parse("atlas/Role=NULL")).isEmpty();
        assertThat(Fqan.parse("/Role=production")).isEmpty();
        assertThat(Fqan.parse("/atlas//sub")).isEmpty();
        assertThat(Fqan.parse("/atlas/Role=production/sub")).isEmpty();
        assertThat(Fqan.parse("/atlas/Role=")).isEmpty();
    }
}
