package org.cddsdecrypt.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cddsdecrypt.parts.ExportSet;
import org.cddsdecrypt.io.Untrusted;
import org.cddsdecrypt.zip.CentralDirectoryEntry;
import org.cddsdecrypt.zip.Limits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code list}: the entries of an export, from its central directory. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"Lists every entry of the export: size, compressed size, modification time and name.",
            "Only the parts that hold the zip's central directory are decrypted (usually the last one)."},
        footerHeading = "%nJSON (--json):%n",
        footer = {"An array, one object per entry in archive order: {\"name\": path as stored (folders end in '/'), "
                + "\"size\": bytes, \"compressedSize\": bytes, \"modified\": ISO-8601 UTC time, \"directory\": "
                + "true|false, \"crc\": CRC-32 as 8 hex digits}",
            "%nExamples:%n"
                    + "  cdds-decrypt list -k my.key export-2b71….zip.smime%n"
                    + "  cdds-decrypt list --json -k my.key export-2b71….z01.smime | jq -r '.[].name'"})
public final class ListCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    @Spec
    CommandSpec spec;

    @Mixin
    KeyOptions keyOptions;

    @Mixin
    Verbosity verbosity;

    @Mixin
    EntryLimitOption entryLimit;

    @Option(names = "--json", description = "Print a JSON array of {name, size, compressedSize, modified, "
            + "directory, crc} (see JSON below).")
    boolean json;

    @Parameters(paramLabel = "PART", arity = "1..*", description = ExportCommands.PARTS)
    List<String> parts;

    @Override
    public Integer call() throws Exception {
        Environment env = Environment.of(spec);
        ExportSet set = ExportCommands.exportOf(parts);
        List<CentralDirectoryEntry> entries = ExportCommands.reader(env, keyOptions, verbosity,
                Limits.defaults().withMaxEntries(entryLimit.maxEntries)).list(set);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<Object> array = new ArrayList<>();
            for (CentralDirectoryEntry e : entries) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("name", e.name());
                item.put("size", e.size());
                item.put("compressedSize", e.compressedSize());
                item.put("modified", Instant.ofEpochMilli(e.lastModifiedMillis()).toString());
                item.put("directory", e.isDirectory());
                item.put("crc", String.format("%08x", e.crc()));
                array.add(item);
            }
            out.println(Json.write(array));
            return 0;
        }
        for (CentralDirectoryEntry e : entries) {
            out.printf("%12d %12d  %s  %s%n", e.size(), e.compressedSize(),
                    TIME.format(Instant.ofEpochMilli(e.lastModifiedMillis())), Untrusted.text(e.name()));
        }
        return 0;
    }
}
