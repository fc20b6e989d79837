package org.cddsdecrypt.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.cddsdecrypt.export.Export;
import org.cddsdecrypt.export.ExportLimits;
import org.cddsdecrypt.export.ExportReader;
import org.cddsdecrypt.export.Extracted;
import org.cddsdecrypt.export.Selection;
import org.cddsdecrypt.io.Untrusted;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What the commands that take keys share: -k/--passin and -v/-q, the run's environment, and the export reader over
 * them. Batch has the same options but lists its options in declaration order, which a base class would change;
 * keygen takes no keys.
 */
abstract class BaseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KeyOptions keyOptions;

    @Mixin
    Verbosity verbosity;

    Environment env() {
        return Environment.of(spec);
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Work on an export reader that may fail as reading fails. */
    @FunctionalInterface
    interface Reading<T> {
        T read(ExportReader reader) throws IOException;
    }

    /** A reader whose keys are loaded only when an encrypted part is met; it tells {@code progress} what it reads. */
    ExportReader reader(ExportLimits limits, Progress progress) {
        return ExportReader.of(keyOptions.whenNeeded(env(), verbosity, progress), progress, limits);
    }

    /** Runs {@code reading} over the whole of {@code export} with a progress display, finished when it succeeds. */
    <T> T read(Export export, ExportLimits limits, ProgressOptions progressOptions, Reading<T> reading)
            throws IOException {
        try (Progress progress = progressOptions.start(env(), verbosity, export.bytesToRead())) {
            T result = reading.read(reader(limits, progress));
            progress.finish();
            return result;
        }
    }

    /** {@code extract --stdout} and {@code cat}: the chosen files' bytes to stdout, nothing else there. */
    void streamToStdout(
            List<String> parts, Selection selection, ExtractionOptions extraction, ProgressOptions progressOptions)
            throws IOException {
        Export export = Export.of(parts);
        report(
                export,
                read(
                        export,
                        extraction.limits(),
                        progressOptions,
                        reader -> reader.extractToStream(export, env().stdout(), selection)));
    }

    /** After extract and cat: the include patterns that matched nothing, and with -v what was done. */
    void report(Export export, Extracted extracted) {
        Environment env = env();
        Consumer<String> warn = env.warnings(verbosity);
        for (String pattern : extracted.unmatchedIncludes()) {
            warn.accept("--include '" + pattern + "' matched no entry of the export (see 'cdds-decrypt list')");
        }
        if (verbosity.verbose && !verbosity.quiet) {
            env.err()
                    .println(Failures.PROGRAM + ": " + Untrusted.text(export.name()) + ": " + export.partCount()
                            + " part(s), " + extracted.entries() + " entries (" + extracted.bytes()
                            + " bytes) verified; "
                            + extracted.files() + " file(s) (" + extracted.filesBytes() + " bytes) written");
            env.err().flush();
        }
    }
}
