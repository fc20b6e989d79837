package org.cddsdecrypt.cli;

import java.util.List;
import org.cddsdecrypt.error.CddsException;
import org.cddsdecrypt.export.Export;
import picocli.CommandLine.Parameters;

/** {@code PART…}, shared by the commands that take the parts of one export and nothing else. */
public final class PartsParameter {
    @Parameters(paramLabel = "PART", arity = "1..*", description = ExportCommands.PARTS)
    List<String> given;

    /** The export they are parts of. */
    Export export() throws CddsException {
        return Export.of(given);
    }

    /** The first PART, as given. */
    String first() {
        return given.get(0);
    }
}
