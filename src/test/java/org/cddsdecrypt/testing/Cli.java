package org.cddsdecrypt.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cddsdecrypt.cli.Environment;
import org.cddsdecrypt.cli.Main;

/** Runs the command line in-process and captures what it prints. */
public final class Cli {
    private final Map<String, String> env = new HashMap<>();
    private InputStream stdin = new ByteArrayInputStream(new byte[0]);
    private boolean stderrIsTerminal;

    public Cli env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public Cli stdin(byte[] bytes) {
        stdin = new ByteArrayInputStream(bytes);
        return this;
    }

    /** Runs as if stderr were a terminal (what decides whether progress is shown). */
    public Cli stderrIsTerminal() {
        stderrIsTerminal = true;
        return this;
    }

    public Result run(Object... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream binaryOut = new ByteArrayOutputStream();
        PrintWriter errWriter = new PrintWriter(err, true);
        String[] argv = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            argv[i] = String.valueOf(args[i]);
        }
        int code = Main.run(
                new PrintWriter(out, true), new Environment(env, stdin, binaryOut, errWriter, stderrIsTerminal), argv);
        MessageAudit.record(List.of(argv), code, err.toString());
        return new Result(code, out.toString(), err.toString(), binaryOut.toByteArray());
    }

    /**
     * Runs {@code command [-k KEY] OPTIONS... PART}: the shape of the export commands' tests, with {@code key} a
     * fixture key's name, or null for none.
     */
    public Result runOnPart(String command, Path part, String key, Object... options) {
        List<Object> args = new ArrayList<>(List.of(command));
        if (key != null) {
            args.add("-k");
            args.add(Fixtures.key(key));
        }
        args.addAll(List.of(options));
        args.add(part);
        return run(args.toArray());
    }

    /** Exit code, text on stdout and stderr, and binary stdout (for {@code -o -}). */
    public record Result(int code, String out, String err, byte[] stdoutBytes) {
        public String stdoutText() {
            return out + new String(stdoutBytes, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
        }
    }
}
