package org.cddsdecrypt.cli;

import java.nio.file.Path;
import org.cddsdecrypt.DecryptingPartOpener;
import org.cddsdecrypt.ExportReader;
import org.cddsdecrypt.UsageException;
import org.cddsdecrypt.parts.ExportSet;
import org.cddsdecrypt.zip.Limits;

/** Wiring shared by the commands that read a whole export. */
final class ExportCommands {
    private ExportCommands() {
    }

    static ExportSet exportOf(String part) throws UsageException {
        return ExportSet.of(Path.of(part));
    }

    /** A reader whose keys are loaded only when an encrypted part is met. */
    static ExportReader reader(Environment env, KeyOptions keyOptions, Verbosity verbosity, Limits limits) {
        return reader(env, keyOptions, verbosity, limits, Progress.off());
    }

    /**
     * A reader that reports the bytes it reads from the part files to {@code progress} (whose total should be
     * {@link ExportReader#bytesToRead}); key loading, with its warnings and any passphrase prompt, happens on a
     * clean line.
     */
    static ExportReader reader(Environment env, KeyOptions keyOptions, Verbosity verbosity, Limits limits,
            Progress progress) {
        return new ExportReader(new DecryptingPartOpener(() -> {
            progress.clearLine();
            return keyOptions.load(env::get, progress.around(env.warnings(verbosity)));
        }, progress), limits);
    }
}
