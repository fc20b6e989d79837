package org.cddsdecrypt.cli;

import java.util.ArrayList;
import java.util.List;
import org.cddsdecrypt.export.Export;
import org.cddsdecrypt.export.Selection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cat}: {@code extract --stdout}, with the include patterns as arguments. */
@Command(
        name = "cat",
        mixinStandardHelpOptions = true,
        description = {
            "Streams the contents of the export's files matching any GLOB (all files when none is given) "
                    + "to standard output, for jq, database loaders and the like; writes nothing else.",
            "The same as 'extract --stdout --include GLOB…': every part is decrypted and every entry checked."
        },
        footerHeading = "%nSelection:%n",
        footer = {
            SelectionOptions.PATTERNS,
            SelectionOptions.CHOICE,
            SelectionOptions.STDOUT,
            "%nExamples:%n"
                    + "  cdds-decrypt cat -k my.key export-2b71….zip.smime '**/*.jsonl' | jq -c .%n"
                    + "  cdds-decrypt cat -k my.key export-2b71….z01.smime ContactHistory/2026/11 \\%n"
                    + "      > november.jsonl%n"
                    + "  cdds-decrypt cat -k my.key --exclude '**/part-0002.jsonl' \\%n"
                    + "      export-2b71….zip.smime | wc -l"
        })
public final class CatCommand extends BaseCommand {
    @Option(
            names = "--exclude",
            paramLabel = "GLOB",
            description = "Leave out files whose path matches GLOB, even if chosen by a GLOB argument; repeatable.")
    List<String> excludes = new ArrayList<>();

    @Mixin
    ExtractionOptions extraction;

    @Mixin
    ProgressOptions progressOptions;

    @Parameters(
            index = "0",
            paramLabel = "PART",
            description = "Any one part of the export. Part files right "
                    + "after it (as a shell pattern such as export-2b71*.smime gives them) are taken as more parts of it, "
                    + "not as GLOBs.")
    String part;

    @Parameters(
            index = "1..*",
            paramLabel = "GLOB",
            arity = "0..*",
            description = "Files to write (see Selection below). Default: every file.")
    List<String> globs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        List<String> parts = new ArrayList<>(List.of(part));
        int firstGlob = 0;
        while (firstGlob < globs.size() && Export.isPartFile(globs.get(firstGlob))) {
            parts.add(globs.get(firstGlob++));
        }
        Selection selection = Selection.of(globs.subList(firstGlob, globs.size()), excludes);
        streamToStdout(parts, selection, extraction, progressOptions);
        return 0;
    }
}
