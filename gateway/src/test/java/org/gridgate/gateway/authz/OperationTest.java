package org.gridgate.gateway.authz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.gridgate.caveat.Activity;
import org.junit.jupiter.api.Test;

/** The method-to-activity table, read as dCache's user guide states it. */
class OperationTest {

    @Test
    void theAllowHeaderListsEveryMethodOnceInTheTablesOrder() {
        assertThat(Operation.methods()).isEqualTo(
                "OPTIONS, GET, HEAD, PUT, DELETE, MKCOL, PROPFIND, PROPPATCH, MOVE, COPY, LOCK, UNLOCK, POST");
    }

    @Test
    void aMethodNamesItsOperationAndCopyIsTheCopyInsideTheDoor() {
        assertThat(Operation.of("PUT")).hasValue(Operation.PUT);
        assertThat(Operation.of("COPY")).hasValue(Operation.COPY);
        assertThat(Operation.of("put")).isEmpty();
        assertThat(Operation.of("TRACE")).isEmpty();
    }

    @Test
    void readingNeedsDownloadAndAFilesMetadataReadMetadataButACollectionList() {
        assertThat(Operation.GET.needs().atPath()).hasValue(Activity.DOWNLOAD);
        assertThat(Operation.HEAD.needs().atPath()).hasValue(Activity.READ_METADATA);
        assertThat(Operation.GET.needs().onCollection()).hasValue(Activity.LIST);
        assertThat(Operation.HEAD.needs().onCollection()).hasValue(Activity.LIST);
        assertThat(Operation.PROPFIND.needs().onCollection()).hasValue(Activity.LIST);
    }

    @Test
    void everyWriteThatMayReplaceAFileNeedsDeleteToDoSo() {
        for (Operation operation : Operation.values()) {
            boolean writes = operation.needs().atPath().equals(Optional.of(Activity.UPLOAD))
                    || operation.needs().atDestination().isPresent();
            assertThat(operation.needs().replacingNeedsDelete()).as(operation.name()).isEqualTo(writes);
        }
    }

    @Test
    void onlyOptionsAndMintingNeedNoActivityAtThePath() {
        for (Operation operation : Operation.values()) {
            assertThat(operation.needs().atPath().isEmpty()).as(operation.name())
                    .isEqualTo(operation == Operation.OPTIONS || operation == Operation.POST);
        }
    }
}
