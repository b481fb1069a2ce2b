package org.gridgate.gateway.webdav;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.gridgate.storage.ChecksumAlgorithm;
import org.junit.jupiter.api.Test;

class DigestsTest {

    @Test
    void wantDigestNamesAreReadInTheOrderAskedIgnoringCaseAndUnknownOnes() {
        assertThat(Digests.wanted("SHA-256;q=0.5, crc32c, adler32"))
                .containsExactly(ChecksumAlgorithm.SHA256, ChecksumAlgorithm.ADLER32);
    }

    @Test
    void aDigestWithQualityZeroIsNotWanted() {
        assertThat(Digests.wanted("md5;q=0, sha-256;q=0.0, adler32;q=0.1"))
                .containsExactly(ChecksumAlgorithm.ADLER32);
    }

    @Test
    void noHeaderWantsNothing() {
        assertThat(Digests.wanted(null)).isEmpty();
        assertThat(Digests.digestHeaderFor(null, Map.of(ChecksumAlgorithm.ADLER32, "024d0127"))).isNull();
    }

    @Test
    void theAnswerListsWhatIsKnownInTheOrderAsked() {
        Map<ChecksumAlgorithm, String> stored = Map.of(ChecksumAlgorithm.ADLER32, "024d0127",
                ChecksumAlgorithm.MD5, "900150983cd24fb0d6963f7d28e17f72");

        assertThat(Digests.digestHeaderFor("md5, sha-256, adler32", stored))
                .isEqualTo("md5=kAFQmDzST7DWlj99KOF/cg==,adler32=024d0127");
    }

    /** Found by HeadersFuzzTest: an item of only ";" was a 500 on any GET, HEAD or PUT that sent it. */
    @Test
    void wantDigestItemsOfOnlySeparatorsAskForNothing() {
        assertThat(Digests.wanted(";")).isEmpty();
        assertThat(Digests.wanted("md5;q=1,;, ;;,adler32")).containsExactly(ChecksumAlgorithm.MD5,
                ChecksumAlgorithm.ADLER32);
    }
}
