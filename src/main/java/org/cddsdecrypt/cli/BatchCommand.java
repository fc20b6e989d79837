package org.cddsdecrypt.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cddsdecrypt.batch.AfterSuccess;
import org.cddsdecrypt.batch.Batch;
import org.cddsdecrypt.batch.BatchOptions;
import org.cddsdecrypt.batch.Durations;
import org.cddsdecrypt.batch.Outcome;
import org.cddsdecrypt.batch.Summary;
import org.cddsdecrypt.error.UsageException;
import org.cddsdecrypt.export.ExportReader;
import org.cddsdecrypt.io.Untrusted;
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
@Command(
        name = "batch",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Scans each INBOX for export parts and extracts every complete export that is not done yet "
                    + "into DIR/<export-name>/, verified and atomically, as 'extract' does.",
            "Incomplete exports (a part missing, or modified less than --min-age ago) are reported as waiting and "
                    + "picked up by a later run. A journal (the file state in the folder .cdds-decrypt in DIR) "
                    + "records the exports done, so reruns leave their trees untouched; a re-downloaded export (new "
                    + "file times or sizes) is extracted again, replacing its tree only once the new one is "
                    + "complete. Runs lock DIR themselves (no flock needed): a run started while another is working "
                    + "skips the exports that one is extracting.",
            "Alerts once: a failed export is reported once per download; while its parts are unchanged, later "
                    + "runs list it as 'failed earlier', which does not count as a failure. One that failed for its "
                    + "content (corrupt, unsafe) is not tried again until downloaded again or --retry-failed; one "
                    + "that failed for another cause (no key, disk full) is tried again quietly. With --max-wait, an "
                    + "export still incomplete that long after its newest part arrived is reported once as stalled, "
                    + "on stderr too (even with -q).",
            "",
            "Report on stdout, one line per export as it is finished, then a summary (plain text, never colour or "
                    + "progress; with -q only the failed lines):",
            "  done NAME -> DIR",
            "  skipped NAME (already done)   or   (being extracted by another run)",
            "  waiting NAME (missing: FILE, FILE)   or   (modified less than AGE ago: FILE)",
            "  stalled NAME (missing: FILE; newest part AGE ago)",
            "  failed NAME: REASON (exit N)",
            "  failed earlier NAME: REASON (exit N)",
            "  N exports: N done, N skipped, N waiting, N stalled, N failed, N failed earlier",
            "  (the summary names stalled and failed earlier only when there are some)",
            "With --json, one JSON object per line instead, each with the time it was written:",
            "  {\"time\":ISO-8601 UTC, \"type\":\"export\", \"status\":\"done|skipped|waiting|",
            "   stalled|failed|failed earlier\", \"export\":NAME, \"inbox\":PATH, \"parts\":N,",
            "   \"destination\":PATH (done, skipped), \"entries\":N, \"bytes\":N (done),",
            "   \"missing\":[FILE], \"recent\":[FILE] (waiting, stalled), \"reason\":TEXT (all",
            "   but done), \"exitCode\":N (failed, failed earlier), \"partsMovedTo\":PATH or",
            "   \"partsDeleted\":true (when parts were moved or deleted)}",
            "  {\"time\":ISO-8601 UTC, \"type\":\"summary\", \"exports\":N, \"done\":N,",
            "   \"skipped\":N, \"waiting\":N, \"stalled\":N, \"failed\":N, \"failedEarlier\":N,",
            "   \"exitCode\":N}",
            "Stderr gets warnings and errors only, never mixed into stdout; with --json, each newly stalled or "
                    + "failed export is also named there, so a JSON log on stdout never hides an alert.",
            "Exit 0 when no export newly failed or stalled (waiting, skipped and failed earlier are not failures), "
                    + "8 when some did; another code below when the run could not start at all.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  cdds-decrypt batch -k ~/.cdds/keys --out /data/cdds ~/Downloads/cdds",
            "  CDDS_DECRYPT_KEYS=/etc/cdds/keys cdds-decrypt batch -q --min-age 10m \\",
            "      --max-wait 6h --passin file:/etc/cdds/pass --move-done /data/parts \\",
            "      --out /data/cdds /data/inbox"
        })
public final class BatchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KeyOptions keyOptions;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Where each export's tree goes, as DIR/<export-name>/; also holds the journal and locks "
                    + "in DIR/.cdds-decrypt/.")
    Path out;

    @Option(
            names = "--min-age",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "0",
            description = "Treat parts modified less than DURATION ago (30s, 10m, 2h, 1d) as still downloading. "
                    + "Default: ${DEFAULT-VALUE}.")
    Duration minAge;

    @Option(
            names = "--max-wait",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Report an export still incomplete DURATION after its newest part arrived as stalled "
                    + "(once; on stderr even with -q; exit 8). Default: never.")
    Duration maxWait;

    @Option(
            names = "--retry-failed",
            description = "Try again the exports that failed in an earlier run although "
                    + "their parts have not changed (and report stalls again).")
    boolean retryFailed;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    AfterDone afterDone;

    /** {@code --move-done} and {@code --delete-done} exclude each other. */
    static final class AfterDone {
        @Option(
                names = "--move-done",
                paramLabel = "DIR",
                required = true,
                description = "After an export's tree is in place, move its parts into DIR (created if needed).")
        Path moveTo;

        @Option(
                names = "--delete-done",
                required = true,
                description = "After an export's tree is in place, delete its parts.")
        boolean delete;
    }

    @Option(names = "--json", description = "Report as JSON lines (shape above) instead of text.")
    boolean json;

    @Option(
            names = {"-f", "--force"},
            description = "Replace DIR/<export-name>/ trees that cdds-decrypt wrote but "
                    + "no batch run recorded (e.g. made by 'extract'). A folder cdds-decrypt did not write is never "
                    + "replaced. Exports the journal records as done are still skipped.")
    boolean force;

    @Option(
            names = "--umask",
            description = "Create files and folders with the process umask instead of " + "owner-only modes.")
    boolean umask;

    @Mixin
    ExtractionOptions extraction;

    @Mixin
    Verbosity verbosity;

    @Parameters(
            paramLabel = "INBOX",
            arity = "1..*",
            description = "Folders where export parts are downloaded "
                    + "(only their top level is scanned; other files are ignored).")
    List<Path> inboxes;

    @Override
    public Integer call() throws Exception {
        Environment env = Environment.of(spec);
        AfterSuccess after = afterDone == null
                ? AfterSuccess.keep()
                : afterDone.moveTo != null ? AfterSuccess.moveTo(afterDone.moveTo) : AfterSuccess.deleteParts();
        if (maxWait != null && maxWait.isZero()) {
            throw new UsageException(
                    "--max-wait 0 would report every incomplete export as stalled: give a " + "duration such as 6h");
        }
        BatchOptions options = BatchOptions.of(inboxes, out)
                .withMinAge(minAge)
                .withMaxWait(maxWait)
                .withAfterSuccess(after)
                .withForce(force)
                .withUmask(umask)
                .withRetryFailed(retryFailed);
        PrintWriter stdout = spec.commandLine().getOut();
        Batch batch = new Batch(
                ExportReader.of(
                        keyOptions.whenNeeded(env, verbosity, Progress.off()), Progress.off(), extraction.limits()),
                options);
        Summary summary = batch.run(outcome -> {
            if (!verbosity.quiet || outcome.status() == Outcome.Status.FAILED) {
                stdout.println(json ? Json.write(timed(outcome.fields())) : Untrusted.text(outcome.line()));
                stdout.flush();
            }
            if (outcome.status() == Outcome.Status.STALLED || json && outcome.status() == Outcome.Status.FAILED) {
                env.err().println(Failures.PROGRAM + ": " + Untrusted.text(outcome.line()));
            }
            if (verbosity.verbose && outcome.cause() != null) {
                Failures.printStackTrace(
                        outcome.cause(),
                        env.err(),
                        spec.commandLine().getParseResult().originalArgs().toArray(new String[0]));
            }
            env.err().flush();
        });
        if (!verbosity.quiet) {
            stdout.println(json ? Json.write(timed(summary.fields())) : summary.line());
            stdout.flush();
        }
        return summary.exitCode().code();
    }

    /** {@code fields} after a {@code "time"} field: now, ISO-8601 UTC to the millisecond. */
    private static Map<String, Object> timed(Map<String, Object> fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        m.putAll(fields);
        return m;
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
