package org.cddsdecrypt.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.cddsdecrypt.error.CddsException;
import org.cddsdecrypt.export.DecryptingPartOpener;
import org.cddsdecrypt.error.ExitCode;
import org.cddsdecrypt.export.ExportReader;
import org.cddsdecrypt.error.KeyException;
import org.cddsdecrypt.envelope.CmsMessage;
import org.cddsdecrypt.envelope.ContentSniffer;
import org.cddsdecrypt.envelope.Envelope;
import org.cddsdecrypt.envelope.Recipient;
import org.cddsdecrypt.keys.KeyEntry;
import org.cddsdecrypt.keys.KeyRing;
import org.cddsdecrypt.parts.ExportSet;
import org.cddsdecrypt.parts.Part;
import org.cddsdecrypt.io.Untrusted;
import org.cddsdecrypt.zip.Limits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code info}: what an export consists of, without decrypting it. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Shows the parts of the export that are present and missing, their sizes, and for each part "
                + "its recipients (certificate issuer and serial number) and content encryption.",
            "Needs no key; with -k it also shows which key matches each part. Reads the message headers, and the "
                + "final part whole when it can (decrypted segments, or with -k) to check the segment count in its "
                + "zip directory, as extract does. Exits 3 when parts are missing."},
        footerHeading = "%nJSON (--json):%n",
        footer = {"{\"export\": name, \"directory\": folder searched, \"complete\": true|false (judged by file "
                + "names), \"missing\": [file names to download again], \"parts\": [{\"file\": name, \"size\": bytes, "
                + "\"format\": \"S/MIME\", \"PEM\", \"DER\"… or \"decrypted zip segment\", \"encryption\": content "
                + "algorithm, \"recipients\": [{\"type\", \"issuer\", \"serial\" (hex), \"subjectKeyId\" (hex)}], "
                + "\"key\": matching key file or null (only with -k), \"error\": why the part is unreadable (only "
                + "then)}]}",
            "%nExamples:%n"
                    + "  cdds-decrypt info ~/Downloads/export-2b71….z01.smime%n"
                    + "  cdds-decrypt info --json -k keys/ export-2b71….zip.smime | jq '.missing[]'"})
public final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KeyOptions keyOptions;

    @Mixin
    Verbosity verbosity;

    @Option(names = "--json", description = "Print a JSON object {export, directory, complete, missing[], parts[]} "
            + "(see JSON below).")
    boolean json;

    @Parameters(paramLabel = "PART", arity = "1..*", description = ExportCommands.PARTS)
    List<String> parts;

    @Override
    public Integer call() throws Exception {
        Environment env = Environment.of(spec);
        ExportSet set = ExportCommands.exportOf(parts);
        KeyRing keys = keyOptions.hasKeys(env::get) ? keyOptions.load(env::get, env.warnings(verbosity)) : null;
        List<Map<String, Object>> parts = new ArrayList<>();
        for (Part p : set.parts()) {
            parts.add(describe(p, keys));
        }
        Completeness completeness = completeness(set, keys);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("export", set.name());
        doc.put("directory", set.directory().toString());
        doc.put("complete", completeness.complete());
        doc.put("missing", completeness.missing());
        doc.put("segments", completeness.segments() == 0 ? null : completeness.segments());
        doc.put("ignored", set.ignored());
        doc.put("parts", parts);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(doc));
        } else {
            printText(out, set, completeness, parts);
        }
        return completeness.complete() ? 0 : ExitCode.INCOMPLETE.code();
    }

    /**
     * What is missing, judged as {@code extract} judges it: by names, then by the segment count in the final
     * part's zip directory when that part can be read (decrypted segments, or with a key).
     *
     * @param segments the count from the final part, or 0 when not read
     * @param unchecked why the count was not read, or null
     */
    private record Completeness(List<String> missing, String described, int segments, int present,
            String unchecked) {
        boolean complete() {
            return missing.isEmpty() && (segments == 0 || segments == present);
        }
    }

    private static Completeness completeness(ExportSet set, KeyRing keys) {
        int segments = 0;
        String unchecked = null;
        if (set.finalPart().isPresent()) {
            ExportReader reader = new ExportReader(new DecryptingPartOpener(() -> {
                if (keys == null) {
                    throw new KeyException("the final part is encrypted: pass -k KEY to read the segment count in "
                            + "it");
                }
                return keys;
            }), Limits.defaults());
            try {
                segments = reader.segmentCount(set);
            } catch (CddsException e) {
                unchecked = e.getMessage();
            } catch (IOException e) {
                unchecked = "cannot read " + set.finalPart().get().fileName() + ": " + e.getMessage();
            }
        }
        return new Completeness(set.missing(segments), set.describeMissing(segments), segments, set.parts().size(),
                unchecked);
    }

    private static Map<String, Object> describe(Part part, KeyRing keys) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("file", part.fileName());
        item.put("size", part.size());
        try (InputStream in = new BufferedInputStream(Files.newInputStream(part.path()), 64 * 1024)) {
            in.mark(8);
            byte[] head = in.readNBytes(4);
            in.reset();
            if (ContentSniffer.looksLikeZip(head)) {
                item.put("format", "decrypted zip segment");
                return item;
            }
            Envelope envelope = Envelope.open(in);
            CmsMessage message = CmsMessage.parse(envelope.der());
            item.put("format", envelope.format().label());
            item.put("encryption", message.contentAlgorithmName());
            List<Map<String, Object>> recipients = new ArrayList<>();
            for (Recipient r : message.recipients()) {
                Map<String, Object> rec = new LinkedHashMap<>();
                rec.put("type", r.kind().label());
                rec.put("issuer", r.issuer() == null ? null : r.issuerText());
                rec.put("serial", r.serialHex());
                rec.put("subjectKeyId", r.subjectKeyId() == null ? null
                        : java.util.HexFormat.of().formatHex(r.subjectKeyId()));
                recipients.add(rec);
            }
            item.put("recipients", recipients);
            if (keys != null) {
                item.put("key", keys.keyFor(message, part.fileName()).map(KeyEntry::source).orElse(null));
            }
        } catch (CddsException e) {
            item.put("error", e.getMessage());
        } catch (IOException e) {
            item.put("error", "cannot read: " + e.getMessage());
        }
        return item;
    }

    @SuppressWarnings("unchecked")
    private static void printText(PrintWriter out, ExportSet set, Completeness completeness,
            List<Map<String, Object>> parts) {
        // Names of files, the export and certificates come from the input: every line goes through Untrusted.
        Consumer<String> line = text -> out.println(Untrusted.text(text));
        line.accept("export:   " + set.name());
        line.accept("folder:   " + set.directory());
        String state;
        if (!completeness.missing().isEmpty()) {
            state = ", missing: " + completeness.described();
        } else if (!completeness.complete()) {
            state = ", but the zip directory in the final part says " + completeness.segments() + " segments";
        } else if (completeness.unchecked() != null) {
            state = ", none missing by name (segment count not checked: " + completeness.unchecked() + ")";
        } else {
            state = ", none missing";
        }
        line.accept("parts:    " + parts.size() + " present" + state);
        for (String name : set.ignored()) {
            line.accept("ignored:  " + name + " (not a part: its segment number is beyond the "
                    + ExportSet.MAX_SEGMENT_NUMBER + " segments a zip can have)");
        }
        for (Map<String, Object> p : parts) {
            line.accept(String.format("  %-60s %12d bytes  %s%s", p.get("file"), (Long) p.get("size"),
                    p.get("format") == null ? "" : p.get("format"),
                    p.containsKey("encryption") ? ", " + p.get("encryption") : ""));
            if (p.containsKey("error")) {
                line.accept("      error: " + p.get("error"));
            }
            for (Map<String, Object> r : (List<Map<String, Object>>) p.getOrDefault("recipients", List.of())) {
                line.accept("      recipient: " + (r.get("issuer") != null
                        ? "issuer \"" + r.get("issuer") + "\", serial " + r.get("serial")
                        : "subject key id " + r.get("subjectKeyId")) + " (" + r.get("type") + ")");
            }
            if (p.containsKey("key")) {
                line.accept("      key: " + (p.get("key") == null ? "no key identifies a recipient" : p.get("key")));
            }
        }
    }
}
