package org.cddsdecrypt.testing;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs the tool in a separate JVM from the built classes ({@code java -cp target/classes:<runtime jars>}), as
 * users run it: for tests that kill it, fill its disk or close its pipes, and for memory measurements.
 */
public final class ChildJvm {
    private ChildJvm() {}

    /** target/classes and the runtime jars, without the test classes and test libraries. */
    public static String classPath() {
        String full = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(full.split(File.pathSeparator))
                .filter(e -> !e.endsWith("test-classes"))
                .filter(e -> !e.contains("junit")
                        && !e.contains("jazzer")
                        && !e.contains("opentest4j")
                        && !e.contains("apiguardian")
                        && !e.contains("surefire"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    public static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** {@code java [jvmOptions] -cp CP org.cddsdecrypt.cli.Main args}. */
    public static List<String> command(List<String> jvmOptions, Object... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java().toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(classPath());
        cmd.add("org.cddsdecrypt.cli.Main");
        for (Object a : args) {
            cmd.add(String.valueOf(a));
        }
        return cmd;
    }

    /** The command quoted for {@code bash -c}. */
    public static String shellQuoted(List<String> command) {
        return command.stream().map(s -> "'" + s.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
    }
}
