package org.cddsdecrypt.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * A build step, not part of the tool (picocli-codegen is a build-time dependency only): writes, from the same
 * picocli model the tool runs on, the AsciiDoc sources of the man pages (picocli's ManPageGenerator: one page for
 * the tool and one per command; the build converts them to troff) and the bash completion script.
 *
 * <p>The help texts are written for a terminal; before generating, they are adapted to AsciiDoc: a {@code *} (glob
 * patterns) would start bold text, so it becomes {@code {asterisk}}; a blank line would end the footer's
 * line-by-line ("hardbreaks") paragraph, so it becomes a line holding {@code {empty}}; leading spaces (indented
 * examples) become non-breaking spaces.
 *
 * <p>Usage: {@code Documentation OUTDIR} writes {@code OUTDIR/adoc/*.adoc} and {@code OUTDIR/cdds-decrypt.bash}.
 */
public final class Documentation {
    private Documentation() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: Documentation OUTDIR");
        }
        Path out = Path.of(args[0]);
        Files.createDirectories(out.resolve("adoc"));

        CommandLine forManPages = CddsDecryptCommand.model(null, null);
        adaptToAsciiDoc(forManPages.getCommandSpec());
        int status = ManPageGenerator.generateManPage(
                out.resolve("adoc").toFile(), null, new boolean[0], true, forManPages.getCommandSpec());
        if (status != 0) {
            throw new IllegalStateException("ManPageGenerator failed with status " + status);
        }

        String completion = AutoComplete.bash(Failures.PROGRAM, CddsDecryptCommand.model(null, null));
        Files.writeString(out.resolve(Failures.PROGRAM + ".bash"), completion, StandardCharsets.UTF_8);
    }

    private static void adaptToAsciiDoc(CommandSpec spec) {
        CommandLine.Model.UsageMessageSpec usage = spec.usageMessage();
        usage.description(adapt(usage.description()));
        usage.footer(adaptFooter(usage.footer()));
        for (OptionSpec option : new ArrayList<>(spec.options())) {
            if (needsAdapting(option.description())) {
                spec.remove(option);
                spec.addOption(option.toBuilder()
                        .description(adapt(option.description()))
                        .build());
            }
        }
        for (PositionalParamSpec positional : new ArrayList<>(spec.positionalParameters())) {
            if (needsAdapting(positional.description())) {
                spec.remove(positional);
                spec.addPositional(positional.toBuilder()
                        .description(adapt(positional.description()))
                        .build());
            }
        }
        for (CommandLine sub : spec.subcommands().values()) {
            adaptToAsciiDoc(sub.getCommandSpec());
        }
    }

    private static boolean needsAdapting(String[] lines) {
        for (String line : lines) {
            if (line.indexOf('*') >= 0) {
                return true;
            }
        }
        return false;
    }

    private static String[] adapt(String[] lines) {
        String[] adapted = new String[lines.length];
        for (int i = 0; i < lines.length; i++) {
            adapted[i] = lines[i].replace("*", "{asterisk}");
        }
        return adapted;
    }

    /** Footers are one line-by-line paragraph in the man page: keep their blank lines inside it. */
    private static String[] adaptFooter(String[] lines) {
        List<String> adapted = new ArrayList<>();
        for (String line : adapt(lines)) {
            List<String> segments = new ArrayList<>();
            for (String segment : line.split("%n", -1)) {
                int indent = 0;
                while (indent < segment.length() && segment.charAt(indent) == ' ') {
                    indent++;
                }
                String rest = segment.substring(indent);
                segments.add(rest.isEmpty() ? "{empty}" : "{nbsp}".repeat(indent) + rest);
            }
            adapted.add(String.join("%n", segments));
        }
        return adapted.toArray(new String[0]);
    }
}
