package org.cddsdecrypt.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cddsdecrypt.parts.ExportSet;
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
        description = "Decrypts and inflates the whole export, checking every part, every CRC and the central "
                + "directory, and writes nothing. Exit 0 when the export is whole and intact.",
        footerHeading = "%nExamples:%n",
        footer = {"  cdds-decrypt verify -k my.key export-2b71….zip.smime && echo intact"})
public final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KeyOptions keyOptions;

    @Mixin
    ExtractionOptions extraction;

    @Mixin
    Verbosity verbosity;

    @Option(names = "--json", description = "Print the result as a JSON object.")
    boolean json;

    @Parameters(paramLabel = "PART", description = "Any one part of the export.")
    String part;

    @Override
    public Integer call() throws Exception {
        Environment env = Environment.of(spec);
        ExportSet set = ExportCommands.exportOf(part);
        ZipStreamExtractor.Result result = ExportCommands.reader(env, keyOptions, verbosity, extraction.limits())
                .extract(set, EntrySink.discard());
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("export", set.name());
            doc.put("ok", true);
            doc.put("parts", set.parts().size());
            doc.put("entries", result.entries());
            doc.put("bytes", result.bytes());
            spec.commandLine().getOut().println(Json.write(doc));
        } else if (!verbosity.quiet) {
            spec.commandLine().getOut().println("OK " + set.name() + ": " + set.parts().size() + " part(s), "
                    + result.entries() + " entries, " + result.bytes() + " bytes verified");
        }
        return 0;
    }
}
