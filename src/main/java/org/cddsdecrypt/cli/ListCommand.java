package org.cddsdecrypt.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cddsdecrypt.export.Export;
import org.cddsdecrypt.export.ExportLimits;
import org.cddsdecrypt.export.ListedEntry;
import org.cddsdecrypt.io.Untrusted;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code list}: the entries of an export, from its central directory. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = {
            "Lists every entry of the export: size, compressed size, modification time and name.",
            "Only the parts that hold the zip's central directory are decrypted (usually the last one)."
        },
        footerHeading = "%nJSON (--json):%n",
        footer = {
            "An array, one object per entry in archive order: {\"name\": path as stored (folders end in '/'), "
                    + "\"size\": bytes, \"compressedSize\": bytes, \"modified\": ISO-8601 UTC time, \"directory\": "
                    + "true|false, \"crc\": CRC-32 as 8 hex digits}",
            "%nExamples:%n"
                    + "  cdds-decrypt list -k my.key export-2b71….zip.smime%n"
                    + "  cdds-decrypt list --json -k my.key export-2b71….z01.smime | jq -r '.[].name'"
        })
public final class ListCommand extends BaseCommand {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    @Mixin
    EntryLimitOption entryLimit;

    @Option(
            names = "--json",
            description = "Print a JSON array of {name, size, compressedSize, modified, "
                    + "directory, crc} (see JSON below).")
    boolean json;

    @Mixin
    PartsParameter parts;

    @Override
    public Integer call() throws Exception {
        Export export = parts.export();
        List<ListedEntry> entries = reader(
                        ExportLimits.defaults().withMaxEntries(entryLimit.maxEntries), Progress.off())
                .list(export);
        PrintWriter out = out();
        if (json) {
            List<Object> array = new ArrayList<>();
            for (ListedEntry e : entries) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("name", e.name());
                item.put("size", e.size());
                item.put("compressedSize", e.compressedSize());
                item.put("modified", Instant.ofEpochMilli(e.modifiedMillis()).toString());
                item.put("directory", e.directory());
                item.put("crc", String.format("%08x", e.crc()));
                array.add(item);
            }
            out.println(Json.write(array));
            return 0;
        }
        for (ListedEntry e : entries) {
            out.printf(
                    "%12d %12d  %s  %s%n",
                    e.size(),
                    e.compressedSize(),
                    TIME.format(Instant.ofEpochMilli(e.modifiedMillis())),
                    Untrusted.text(e.name()));
        }
        return 0;
    }
}
