package org.cddsdecrypt.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.cddsdecrypt.batch.AfterSuccess;
import org.cddsdecrypt.batch.Batch;
import org.cddsdecrypt.batch.BatchOptions;
import org.cddsdecrypt.batch.Durations;
import org.cddsdecrypt.batch.Outcome;
import org.cddsdecrypt.batch.Summary;
import org.cddsdecrypt.output.Permissions;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code batch}: every complete export of the inboxes not done yet, for cron and scripts. */
@Command(name = "batch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Scans each INBOX for export parts and extracts every complete export that is not done yet "
                + "into DIR/<export-name>/, verified and atomically, as 'extract' does.",
            "Incomplete exports (a part missing, or modified less than --min-age ago) are reported as waiting and "
                    + "picked up by a later run. A journal (the file state in the folder .cdds-decrypt in DIR) "
                    + "records the exports done, so reruns leave their trees untouched; a re-downloaded export (new "
                    + "file times or sizes) is extracted again, replacing its tree only once the new one is "
                    + "complete; a failed one is tried again by the next run. Runs lock DIR themselves (no flock "
                    + "needed): a run started while another is working skips the exports that one is extracting.",
            "",
            "Report on stdout, one line per export as it is finished, then a summary (plain text, never colour or "
                    + "progress; with -q only the failed lines):",
            "  done NAME -> DIR",
            "  skipped NAME (already done)   or   (being extracted by another run)",
            "  waiting NAME (missing: FILE, FILE)   or   (modified less than AGE ago: FILE)",
            "  failed NAME: REASON (exit N)",
            "  N exports: N done, N skipped, N waiting, N failed",
            "With --json, one JSON object per line instead:",
            "  {\"type\":\"export\", \"status\":\"done|skipped|waiting|failed\", \"export\":NAME,",
            "   \"inbox\":PATH, \"parts\":N, \"destination\":PATH (done, skipped),",
            "   \"entries\":N, \"bytes\":N (done), \"missing\":[FILE], \"recent\":[FILE] (waiting),",
            "   \"reason\":TEXT (skipped, waiting, failed), \"exitCode\":N (failed),",
            "   \"partsMovedTo\":PATH or \"partsDeleted\":true (when parts were moved or deleted)}",
            "  {\"type\":\"summary\", \"exports\":N, \"done\":N, \"skipped\":N, \"waiting\":N,",
            "   \"failed\":N, \"exitCode\":N}",
            "Exit 0 when no export failed (waiting and skipped are not failures), 8 when some failed; another code "
                    + "below when the run could not start at all.",
            ""},
        footerHeading = "%nExamples:%n",
        footer = {
            "  cdds-decrypt batch -k ~/.cdds/keys --out /data/cdds ~/Downloads/cdds",
            "  CDDS_DECRYPT_KEYS=/etc/cdds/keys cdds-decrypt batch -q --min-age 10m \\",
            "      --passin file:/etc/cdds/pass --move-done /data/parts --out /data/cdds /data/inbox"})
public final class BatchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KeyOptions keyOptions;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Where each export's tree goes, as DIR/<export-name>/; also holds the journal and locks "
                    + "in DIR/.cdds-decrypt/.")
    Path out;

    @Option(names = "--min-age", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "0",
            description = "Treat parts modified less than DURATION ago (30s, 10m, 2h, 1d) as still downloading. "
                    + "Default: ${DEFAULT-VALUE}.")
    Duration minAge;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    AfterDone afterDone;

    /** {@code --move-done} and {@code --delete-done} exclude each other. */
    static final class AfterDone {
        @Option(names = "--move-done", paramLabel = "DIR", required = true,
                description = "After an export's tree is in place, move its parts into DIR (created if needed).")
        Path moveTo;

        @Option(names = "--delete-done", required = true,
                description = "After an export's tree is in place, delete its parts.")
        boolean delete;
    }

    @Option(names = "--json", description = "Report as JSON lines (shape above) instead of text.")
    boolean json;

    @Option(names = {"-f", "--force"}, description = "Replace DIR/<export-name>/ trees that cdds-decrypt wrote but "
            + "no batch run recorded (e.g. made by 'extract'). A folder cdds-decrypt did not write is never "
            + "replaced. Exports the journal records as done are still skipped.")
    boolean force;

    @Option(names = "--umask", description = "Create files and folders with the process umask instead of "
            + "owner-only modes.")
    boolean umask;

    @Mixin
    ExtractionOptions extraction;

    @Mixin
    Verbosity verbosity;

    @Parameters(paramLabel = "INBOX", arity = "1..*", description = "Folders where export parts are downloaded "
            + "(only their top level is scanned; other files are ignored).")
    List<Path> inboxes;

    @Override
    public Integer call() throws Exception {
        Environment env = Environment.of(spec);
        AfterSuccess after = afterDone == null ? AfterSuccess.keep()
                : afterDone.moveTo != null ? AfterSuccess.moveTo(afterDone.moveTo) : AfterSuccess.deleteParts();
        BatchOptions options = BatchOptions.of(inboxes, out).withMinAge(minAge).withAfterSuccess(after)
                .withForce(force).withPermissions(umask ? Permissions.UMASK : Permissions.OWNER_ONLY);
        PrintWriter stdout = spec.commandLine().getOut();
        Batch batch = new Batch(ExportCommands.reader(env, keyOptions, verbosity, extraction.limits()), options);
        Summary summary = batch.run(outcome -> {
            if (!verbosity.quiet || outcome.status() == Outcome.Status.FAILED) {
                stdout.println(json ? Json.write(outcome.fields()) : outcome.line());
                stdout.flush();
            }
            if (verbosity.verbose && outcome.cause() != null) {
                outcome.cause().printStackTrace(env.err());
                env.err().flush();
            }
        });
        if (!verbosity.quiet) {
            stdout.println(json ? Json.write(summary.fields()) : summary.line());
            stdout.flush();
        }
        return summary.exitCode().code();
    }

    /** "30s", "10m", "2h", "1d", "1h30m"; a bare number is seconds. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Durations.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
