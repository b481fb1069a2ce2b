package org.gridgate.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChecksumRecordTest {

    @Test
    void survivesARoundTripWithNanosecondTime() {
        ChecksumRecord record = new ChecksumRecord(42, Instant.ofEpochSecond(1_700_000_000, 5),
                Map.of(ChecksumAlgorithm.ADLER32, "00000001", ChecksumAlgorithm.SHA256, "ab"));

        assertThat(ChecksumRecord.decode(record.encode())).contains(record);
    }

    @Test
    void encodesAsOneReadableLine() {
        ChecksumRecord record = new ChecksumRecord(3, Instant.ofEpochSecond(10, 20),
                Map.of(ChecksumAlgorithm.ADLER32, "024d0127"));

        assertThat(record.encode()).isEqualTo("v1 size=3 mtime=10.000000020 adler32=024d0127");
    }

    @Test
    void ignoresAlgorithmsItDoesNotKnow() {
        assertThat(ChecksumRecord.decode("v1 size=3 mtime=10.000000020 crc32c=1234 md5=ff"))
                .contains(new ChecksumRecord(3, Instant.ofEpochSecond(10, 20), Map.of(ChecksumAlgorithm.MD5, "ff")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "v2 size=3 mtime=10.000000020", "v1 mtime=10.000000020", "v1 size=3",
            "v1 size=x mtime=10.000000020", "v1 size=3 mtime=10.2", "v1 size=3 mtime=10.000000020 junk"})
    void damagedRecordsReadAsNone(String text) {
        assertThat(ChecksumRecord.decode(text)).isEmpty();
    }
}
