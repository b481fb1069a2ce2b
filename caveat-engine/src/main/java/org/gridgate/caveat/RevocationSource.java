package org.gridgate.caveat;

import java.io.IOException;
import java.util.function.UnaryOperator;

/** Where the revocation list is read from and changed: a file ({@link RevocationFile}) or a shared store. */
interface RevocationSource {

    RevocationList read() throws IOException;

    /** Applies {@code change} to the stored list atomically, so concurrent changes all land; returns the result. */
    RevocationList update(UnaryOperator<RevocationList> change) throws IOException;

    /** For logs and error messages. */
    String describe();
}
