package org.cddsdecrypt.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.cddsdecrypt.error.CddsException;
import org.cddsdecrypt.export.Export;
import org.cddsdecrypt.export.Extracted;
import org.cddsdecrypt.io.Untrusted;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code verify}: everything {@code extract} checks, writing nothing. */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = {
            "Decrypts and inflates the whole export, checking every part, every CRC and the central "
                    + "directory, and writes nothing. Exit 0 when the export is whole and intact.",
            "Prints one line 'OK <export>: …' (nothing with --quiet), or with --json one object, on success and "
                    + "on failure alike."
        },
        footerHeading = "%nJSON (--json):%n",
        footer = {
            "{\"part\": PART as given, \"export\": name or null, \"ok\": true|false, \"exitCode\": 0-8, "
                    + "\"error\": message or null, \"parts\": number of parts found or null, \"entries\": entries verified "
                    + "or null, \"bytes\": bytes inflated or null}",
            "%nExamples:%n"
                    + "  cdds-decrypt verify -k my.key export-2b71….zip.smime && echo intact%n"
                    + "  cdds-decrypt verify -q -k keys/ export-2b71….z01.smime || echo \"exit $?\"%n"
                    + "  cdds-decrypt verify --json -k my.key export-2b71….zip.smime | jq -r '.ok'"
        })
public final class VerifyCommand extends BaseCommand {
    @Mixin
    ExtractionOptions extraction;

    @Mixin
    ProgressOptions progressOptions;

    @Option(
            names = "--json",
            description =
                    "Print the result as one JSON object on stdout, also when the export "
                            + "fails to verify (see JSON below); the error is still printed on stderr and sets the exit status.")
    boolean json;

    @Mixin
    PartsParameter parts;

    @Override
    public Integer call() throws Exception {
        Export export = null;
        Extracted result;
        try {
            export = parts.export();
            Export found = export;
            result = read(export, extraction.limits(), progressOptions, reader -> reader.verify(found));
        } catch (CddsException e) {
            if (json) {
                out().println(Json.write(report(parts.first(), export, null, e)));
            }
            throw e;
        }
        if (json) {
            out().println(Json.write(report(parts.first(), export, result, null)));
        } else if (!verbosity.quiet) {
            out().println("OK " + Untrusted.text(export.name()) + ": " + export.partCount() + " part(s), "
                    + result.entries() + " entries, " + result.bytes() + " bytes verified");
        }
        return 0;
    }

    /** The JSON object of one verification (for {@code verify --json}; a batch report can hold a list of them). */
    static Map<String, Object> report(String part, Export export, Extracted result, CddsException failure) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("part", part);
        doc.put("export", export == null ? null : export.name());
        doc.put("ok", failure == null);
        doc.put("exitCode", failure == null ? 0 : failure.exitCode().code());
        doc.put("error", failure == null ? null : failure.getMessage());
        doc.put("parts", export == null ? null : export.partCount());
        doc.put("entries", result == null ? null : result.entries());
        doc.put("bytes", result == null ? null : result.bytes());
        return doc;
    }
}
