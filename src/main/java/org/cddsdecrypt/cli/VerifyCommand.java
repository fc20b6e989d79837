package org.cddsdecrypt.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cddsdecrypt.error.CddsException;
import org.cddsdecrypt.export.ExportReader;
import org.cddsdecrypt.parts.ExportSet;
import org.cddsdecrypt.io.Untrusted;
import org.cddsdecrypt.zip.EntrySink;
import org.cddsdecrypt.zip.ZipStreamExtractor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code verify}: everything {@code extract} checks, writing nothing. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Decrypts and inflates the whole export, checking every part, every CRC and the central "
                + "directory, and writes nothing. Exit 0 when the export is whole and intact.",
            "Prints one line 'OK <export>: …' (nothing with --quiet), or with --json one object, on success and "
                    + "on failure alike."},
        footerHeading = "%nJSON (--json):%n",
        footer = {"{\"part\": PART as given, \"export\": name or null, \"ok\": true|false, \"exitCode\": 0-8, "
                + "\"error\": message or null, \"parts\": number of parts found or null, \"entries\": entries verified "
                + "or null, \"bytes\": bytes inflated or null}",
            "%nExamples:%n"
                    + "  cdds-decrypt verify -k my.key export-2b71….zip.smime && echo intact%n"
                    + "  cdds-decrypt verify -q -k keys/ export-2b71….z01.smime || echo \"exit $?\"%n"
                    + "  cdds-decrypt verify --json -k my.key export-2b71….zip.smime | jq -r '.ok'"})
public final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KeyOptions keyOptions;

    @Mixin
    ExtractionOptions extraction;

    @Mixin
    ProgressOptions progressOptions;

    @Mixin
    Verbosity verbosity;

    @Option(names = "--json", description = "Print the result as one JSON object on stdout, also when the export "
            + "fails to verify (see JSON below); the error is still printed on stderr and sets the exit status.")
    boolean json;

    @Parameters(paramLabel = "PART", arity = "1..*", description = ExportCommands.PARTS)
    List<String> parts;

    @Override
    public Integer call() throws Exception {
        Environment env = Environment.of(spec);
        ExportSet set = null;
        ZipStreamExtractor.Result result;
        try {
            set = ExportCommands.exportOf(parts);
            try (Progress progress = progressOptions.start(env, verbosity, ExportReader.bytesToRead(set))) {
                result = ExportCommands.reader(env, keyOptions, verbosity, extraction.limits(), progress)
                        .extract(set, EntrySink.discard());
                progress.finish();
            }
        } catch (CddsException e) {
            if (json) {
                spec.commandLine().getOut().println(Json.write(report(parts.get(0), set, null, e)));
            }
            throw e;
        }
        if (json) {
            spec.commandLine().getOut().println(Json.write(report(parts.get(0), set, result, null)));
        } else if (!verbosity.quiet) {
            spec.commandLine().getOut().println("OK " + Untrusted.text(set.name()) + ": " + set.parts().size()
                    + " part(s), " + result.entries() + " entries, " + result.bytes() + " bytes verified");
        }
        return 0;
    }

    /** The JSON object of one verification (for {@code verify --json}; a batch report can hold a list of them). */
    static Map<String, Object> report(String part, ExportSet set, ZipStreamExtractor.Result result,
            CddsException failure) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("part", part);
        doc.put("export", set == null ? null : set.name());
        doc.put("ok", failure == null);
        doc.put("exitCode", failure == null ? 0 : failure.exitCode().code());
        doc.put("error", failure == null ? null : failure.getMessage());
        doc.put("parts", set == null ? null : set.parts().size());
        doc.put("entries", result == null ? null : result.entries());
        doc.put("bytes", result == null ? null : result.bytes());
        return doc;
    }
}
