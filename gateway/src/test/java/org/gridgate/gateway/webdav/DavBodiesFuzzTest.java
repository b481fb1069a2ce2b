package org.gridgate.gateway.webdav;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.gridgate.gateway.refusal.MalformedRequestException;
import org.w3c.dom.Document;

/**
 * WebDAV request bodies as a client may send them: the XML parser that refuses DOCTYPEs, then what PROPFIND,
 * PROPPATCH (with the dead property values it would store) and LOCK read from the document. Only
 * {@link MalformedRequestException} may come out. Seeds and crashes: {@code src/test/resources/org/gridgate/gateway/
 * webdav/DavBodiesFuzzTestInputs/bodies} (README, "Fuzzing").
 */
class DavBodiesFuzzTest {

    @FuzzTest(maxDuration = "4s")
    void bodies(byte[] body) {
        Document document;
        try {
            document = DavXml.parse(body);
        } catch (MalformedRequestException expected) {
            return;
        }
        try {
            Propfind.parse(document);
        } catch (MalformedRequestException expected) {
            // the documented refusal
        }
        try {
            for (Proppatch.Instruction instruction : Proppatch.parse(document.getDocumentElement())) {
                if (instruction.value() != null) {
                    instruction.toChange();
                }
            }
        } catch (MalformedRequestException expected) {
            // the documented refusal
        }
        try {
            Locking.LockInfo.parse(body);
        } catch (MalformedRequestException expected) {
            // the documented refusal
        }
    }
}
