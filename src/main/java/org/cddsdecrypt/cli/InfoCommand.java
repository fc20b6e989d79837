package org.cddsdecrypt.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.cddsdecrypt.error.ExitCode;
import org.cddsdecrypt.export.Export;
import org.cddsdecrypt.export.ExportInfo;
import org.cddsdecrypt.export.ExportInfo.PartInfo;
import org.cddsdecrypt.export.ExportInfo.RecipientInfo;
import org.cddsdecrypt.io.Untrusted;
import org.cddsdecrypt.keys.KeyRing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code info}: what an export consists of, without decrypting it. */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        description = {
            "Shows the parts of the export that are present and missing, their sizes, and for each part "
                    + "its recipients (certificate issuer and serial number) and content encryption.",
            "Needs no key; with -k it also shows which key matches each part. Reads the message headers, and the "
                    + "final part whole when it can (decrypted segments, or with -k) to check the segment count in its "
                    + "zip directory, as extract does. Exits 3 when parts are missing."
        },
        footerHeading = "%nJSON (--json):%n",
        footer = {
            "{\"export\": name, \"directory\": folder searched, \"complete\": true|false (judged by file "
                    + "names), \"missing\": [file names to download again], \"parts\": [{\"file\": name, \"size\": bytes, "
                    + "\"format\": \"S/MIME\", \"PEM\", \"DER\"… or \"decrypted zip segment\", \"encryption\": content "
                    + "algorithm, \"recipients\": [{\"type\", \"issuer\", \"serial\" (hex), \"subjectKeyId\" (hex)}], "
                    + "\"key\": matching key file or null (only with -k), \"error\": why the part is unreadable (only "
                    + "then)}]}",
            "%nExamples:%n"
                    + "  cdds-decrypt info ~/Downloads/export-2b71….z01.smime%n"
                    + "  cdds-decrypt info --json -k keys/ export-2b71….zip.smime | jq '.missing[]'"
        })
public final class InfoCommand extends BaseCommand {
    @Option(
            names = "--json",
            description =
                    "Print a JSON object {export, directory, complete, missing[], parts[]} " + "(see JSON below).")
    boolean json;

    @Mixin
    PartsParameter parts;

    @Override
    public Integer call() throws Exception {
        Environment env = env();
        Export export = parts.export();
        KeyRing keys = keyOptions.hasKeys(env::get) ? keyOptions.load(env::get, env.warnings(verbosity)) : null;
        ExportInfo info = ExportInfo.of(export, keys);
        if (json) {
            out().println(Json.write(json(info)));
        } else {
            printText(out(), info);
        }
        return info.complete() ? 0 : ExitCode.INCOMPLETE.code();
    }

    private static Map<String, Object> json(ExportInfo info) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("export", info.export());
        doc.put("directory", info.directory().toString());
        doc.put("complete", info.complete());
        doc.put("missing", info.missing());
        doc.put("segments", info.segments() == 0 ? null : info.segments());
        doc.put("ignored", info.ignored());
        List<Map<String, Object>> parts = new ArrayList<>();
        for (PartInfo part : info.parts()) {
            parts.add(json(part));
        }
        doc.put("parts", parts);
        return doc;
    }

    /** Only what was read: a missing field is one that could not be read (or, "key", was not asked for). */
    private static Map<String, Object> json(PartInfo part) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("file", part.file());
        item.put("size", part.size());
        putIfSet(item, "format", part.format());
        putIfSet(item, "encryption", part.encryption());
        if (part.recipients() != null) {
            List<Map<String, Object>> recipients = new ArrayList<>();
            for (RecipientInfo r : part.recipients()) {
                Map<String, Object> rec = new LinkedHashMap<>();
                rec.put("type", r.type());
                rec.put("issuer", r.issuer());
                rec.put("serial", r.serial());
                rec.put("subjectKeyId", r.subjectKeyId());
                recipients.add(rec);
            }
            item.put("recipients", recipients);
        }
        if (part.keyChecked()) {
            item.put("key", part.key());
        }
        putIfSet(item, "error", part.error());
        return item;
    }

    private static void putIfSet(Map<String, Object> item, String name, String value) {
        if (value != null) {
            item.put(name, value);
        }
    }

    private static void printText(PrintWriter out, ExportInfo info) {
        // Names of files, the export and certificates come from the input: every line goes through Untrusted.
        Consumer<String> line = text -> out.println(Untrusted.text(text));
        line.accept("export:   " + info.export());
        line.accept("folder:   " + info.directory());
        line.accept("parts:    " + info.parts().size() + " present" + state(info));
        for (String name : info.ignored()) {
            line.accept("ignored:  " + name + " (not a part: its segment number is beyond the "
                    + ExportInfo.MAX_SEGMENT_NUMBER + " segments a zip can have)");
        }
        for (PartInfo p : info.parts()) {
            line.accept(String.format(
                    "  %-60s %12d bytes  %s%s",
                    p.file(),
                    p.size(),
                    p.format() == null ? "" : p.format(),
                    p.encryption() != null ? ", " + p.encryption() : ""));
            if (p.error() != null) {
                line.accept("      error: " + p.error());
            }
            for (RecipientInfo r : p.recipients() == null ? List.<RecipientInfo>of() : p.recipients()) {
                line.accept("      recipient: "
                        + (r.issuer() != null
                                ? "issuer \"" + r.issuer() + "\", serial " + r.serial()
                                : "subject key id " + r.subjectKeyId())
                        + " (" + r.type() + ")");
            }
            if (p.keyChecked()) {
                line.accept("      key: " + (p.key() == null ? "no key identifies a recipient" : p.key()));
            }
        }
    }

    private static String state(ExportInfo info) {
        if (!info.missing().isEmpty()) {
            return ", missing: " + info.missingDescribed();
        } else if (!info.complete()) {
            return ", but the zip directory in the final part says " + info.segments() + " segments";
        } else if (info.unchecked() != null) {
            return ", none missing by name (segment count not checked: " + info.unchecked() + ")";
        }
        return ", none missing";
    }
}
