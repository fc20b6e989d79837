package org.cddsdecrypt.parts;

import java.io.IOException;
import java.io.InputStream;

/** Opens the plaintext of one part: decrypting it, or as is when it is an already-decrypted segment. */
@FunctionalInterface
public interface PartOpener {
    /** Reading the stream to its end verifies the part (padding, tag); errors carry their exit codes. */
    InputStream open(Part part) throws IOException;
}
