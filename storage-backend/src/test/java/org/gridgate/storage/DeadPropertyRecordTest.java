package org.gridgate.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class DeadPropertyRecordTest {
    static final NamespacePath PATH = new NamespacePath(List.of("file"));
    static final PropertyName A = new PropertyName("urn:a", "a");
    static final PropertyName B = new PropertyName("", "b\u00e9");

    static DeadPropertyRecord twoProperties() throws Exception {
        return DeadPropertyRecord.EMPTY.apply(List.of(
                new PropertyChange.Set(A, "<x:a xmlns:x=\"urn:a\">1</x:a>".getBytes(StandardCharsets.UTF_8)),
                new PropertyChange.Set(B, new byte[0])), DeadPropertyLimits.DEFAULT, PATH);
    }

    @Test
    void encodingRoundTripsNamesValuesAndOrder() throws Exception {
        byte[] encoded = twoProperties().encode();

        DeadPropertyRecord decoded = DeadPropertyRecord.decode(encoded).orElseThrow();

        assertThat(decoded.properties().keySet()).containsExactly(A, B);
        assertThat(decoded.properties().get(A)).asString(StandardCharsets.UTF_8)
                .isEqualTo("<x:a xmlns:x=\"urn:a\">1</x:a>");
        assertThat(decoded.properties().get(B)).isEmpty();
        assertThat(decoded.encode()).isEqualTo(encoded);
    }

    @Test
    void theEncodingIsHeaderPlusLengthsNamesAndValues() throws Exception {
        int expected = DeadPropertyRecord.HEADER_BYTES
                + DeadPropertyRecord.LENGTH_BYTES_PER_PROPERTY + 5 + 1 + 28
                + DeadPropertyRecord.LENGTH_BYTES_PER_PROPERTY + 0 + 3 + 0;

        assertThat(twoProperties().encode()).hasSize(expected);
        assertThat(DeadPropertyRecord.EMPTY.encode()).hasSize(DeadPropertyRecord.HEADER_BYTES);
    }

    @Test
    void anythingElseDecodesAsNothing() throws Exception {
        byte[] encoded = twoProperties().encode();
        byte[] newerVersion = encoded.clone();
        newerVersion[4] = 2;
        byte[] trailing = Arrays.copyOf(encoded, encoded.length + 1);
        byte[] negativeCount = encoded.clone();
        negativeCount[5] = (byte) 0x80;

        for (byte[] bad : List.of(new byte[0], "v1 size=3".getBytes(StandardCharsets.UTF_8), newerVersion,
                Arrays.copyOf(encoded, encoded.length - 1), trailing, negativeCount)) {
            assertThat(DeadPropertyRecord.decode(bad)).as(Arrays.toString(bad)).isEmpty();
        }
    }

    @Test
    void aNameThatIsNotUtf8DecodesAsNothing() throws Exception {
        byte[] encoded = twoProperties().encode();
        int namespaceOfA = DeadPropertyRecord.HEADER_BYTES + 4;
        encoded[namespaceOfA] = (byte) 0xff;

        assertThat(DeadPropertyRecord.decode(encoded)).isEmpty();
    }
}
