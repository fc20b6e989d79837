package org.cddsdecrypt.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.cddsdecrypt.error.ExitCode;
import picocli.CommandLine;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What every command's help shows besides its own text: the exit-code table (from {@link ExitCode}), the version
 * (for {@code --version} after a subcommand) and, for picocli's built-in {@code help} command, examples. Applied to the model as picocli builds it, so the in-process
 * runs, the generated man pages and the completion script all see the same commands.
 */
public final class UsageConventions implements IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec spec) {
        apply(spec, exitCodeList());
        return spec;
    }

    private static void apply(CommandSpec spec, Map<String, String> exitCodes) {
        spec.usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(exitCodes);
        spec.versionProvider(new VersionProvider()); // so 'cdds-decrypt extract --version' answers too
        if (spec.userObject() instanceof CommandLine.HelpCommand) {
            spec.usageMessage()
                    .header(new String[0])
                    .synopsisHeading("Usage: ")
                    .description("Shows the help of cdds-decrypt or of one of its commands.")
                    .footerHeading("%nExamples:%n")
                    .footer("  cdds-decrypt help", "  cdds-decrypt help extract");
        }
        for (CommandLine sub : spec.subcommands().values()) {
            apply(sub.getCommandSpec(), exitCodes);
        }
    }

    static Map<String, String> exitCodeList() {
        Map<String, String> list = new LinkedHashMap<>();
        for (ExitCode code : ExitCode.values()) {
            // Right-aligned to two places by hand: String.format's first call is a measurable part of every
            // start (docs/PERFORMANCE.md, "Small parts").
            list.put((code.code() < 10 ? " " : "") + code.code(), code.meaning());
        }
        return list;
    }
}
