package org.gridgate.caveat.policy;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;

class StoragePathsTest {

    @Property(tries = 200)
    void aPrefixNeverContainsASiblingThatMerelyStartsWithItsName(
            @ForAll @AlphaChars @StringLength(min = 1, max = 8) String parent,
            @ForAll @AlphaChars @StringLength(min = 1, max = 8) String name,
            @ForAll @AlphaChars @StringLength(min = 1, max = 4) String suffix) {
        String prefix = "/" + parent + "/" + name;

        assertThat(StoragePaths.isWithin(prefix + suffix, prefix)).isFalse();
        assertThat(StoragePaths.isWithin(prefix + "/" + suffix, prefix)).isTrue();
    }

    @Property(tries = 200)
    void normalisingIsIdempotentAndDropsTrailingSlashes(
            @ForAll @AlphaChars @StringLength(min = 1, max = 8) String a,
            @ForAll @AlphaChars @StringLength(min = 1, max = 8) String b) {
        String normalised = StoragePaths.normalise("/" + a + "//" + b + "/").orElseThrow();

        assertThat(normalised).isEqualTo("/" + a + "/" + b);
        assertThat(StoragePaths.normalise(normalised)).contains(normalised);
    }
}
