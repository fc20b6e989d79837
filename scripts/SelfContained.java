import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * Build step (run by Maven at package time): lays out what the self-contained archive adds to the jars, in
 * {@code TARGET/self-contained/}:
 * <ul>
 *   <li>{@code runtime/}: a Java runtime made by jlink from the JDK running this, with only the modules jdeps finds
 *       the tool's jar and its libraries using, stripped ({@code --strip-debug --no-man-pages --no-header-files}),
 *       with the runtime's own class-data-sharing archive of its JDK classes ({@code --generate-cds-archive});</li>
 *   <li>{@code lib/}: the tool's jar and the (unsigned) library jars, {@code lib/classpath} naming them in
 *       class-path order, and {@code lib/cdds-decrypt.jsa}, a class-data-sharing archive of the classes that real
 *       runs load (extracting and decrypting the demo export with the new runtime), made where the launcher can
 *       use it (below).</li>
 * </ul>
 *
 * <p>A Java 17 archive holds the class path it was made with, and the JVM uses it only with the very same one:
 * made here, under {@code target/}, it would never match where a user unpacks the archive. On Linux the launcher
 * opens {@code lib/} as file descriptor 9 and names the jars {@code /proc/self/fd/9/NAME}, a class path that reads
 * the same wherever the archive is unpacked, and so is the archive made here. Elsewhere (macOS, Windows) there is
 * no such path: the tool's classes are then read from the jars and only the runtime's own archive is used.
 *
 * <p>Usage: {@code java scripts/SelfContained.java TARGET PROJECT-JAR DEMO-DIR}
 */
public final class SelfContained {
    /** The file descriptor the launcher opens on lib/ (also in src/dist/bin/cdds-decrypt). */
    private static final String LIB_FD = "/proc/self/fd/9";

    private static final String DEMO_EXPORT = "export-2b710a2c-0e7f-4918-983c-c02d108eaeb0.z01.smime";

    private SelfContained() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: java scripts/SelfContained.java TARGET PROJECT-JAR DEMO-DIR");
            System.exit(2);
        }
        Path target = Path.of(args[0]).toAbsolutePath();
        Path out = target.resolve("self-contained");
        deleteTree(out);
        List<String> jars =
                copyJars(Path.of(args[1]), target.resolve("lib"), Files.createDirectories(out.resolve("lib")));
        Files.write(out.resolve("lib").resolve("classpath"), jars);
        String modules = modules(out.resolve("lib"), jars);
        run(
                ToolProvider.findFirst("jlink").orElseThrow(),
                "--add-modules",
                modules,
                "--strip-debug",
                "--no-man-pages",
                "--no-header-files",
                "--generate-cds-archive",
                "--output",
                out.resolve("runtime").toString());
        if (Files.isDirectory(Path.of("/proc/self/fd"))) {
            classDataArchive(out, jars, Path.of(args[2]).toAbsolutePath());
        }
        System.out.println("self-contained runtime with " + modules + " in " + out);
    }

    /** The tool's jar first, then the libraries by name, copied with their times (the archive checks them). */
    private static List<String> copyJars(Path projectJar, Path libraries, Path lib) throws IOException {
        List<Path> sources = new ArrayList<>();
        sources.add(projectJar);
        try (DirectoryStream<Path> found = Files.newDirectoryStream(libraries, "*.jar")) {
            found.forEach(sources::add);
        }
        sources.subList(1, sources.size())
                .sort(Comparator.comparing(p -> p.getFileName().toString()));
        List<String> names = new ArrayList<>();
        for (Path jar : sources) {
            Files.copy(jar, lib.resolve(jar.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            names.add(jar.getFileName().toString());
        }
        return names;
    }

    /** What jdeps finds the tool's jar needing, through the libraries it uses: e.g. {@code java.base,java.sql}. */
    private static String modules(Path lib, List<String> jars) throws IOException {
        List<String> libraries = jars.subList(1, jars.size()).stream()
                .map(j -> lib.resolve(j).toString())
                .toList();
        String out = run(
                ToolProvider.findFirst("jdeps").orElseThrow(),
                "--print-module-deps",
                "--ignore-missing-deps",
                "--multi-release",
                "17",
                "--class-path",
                String.join(java.io.File.pathSeparator, libraries),
                lib.resolve(jars.get(0)).toString());
        List<String> lines = out.lines()
                .filter(l -> !l.isBlank() && !l.startsWith("Warning"))
                .toList();
        return lines.get(lines.size() - 1).trim();
    }

    /** Lists the classes of real runs of the new runtime, then archives them, with the launcher's class path. */
    private static void classDataArchive(Path out, List<String> jars, Path demo) throws Exception {
        Path java = out.resolve("runtime").resolve("bin").resolve("java");
        Path lib = out.resolve("lib");
        String classPath =
                String.join(":", jars.stream().map(j -> LIB_FD + "/" + j).toList());
        Path work = Files.createTempDirectory(out, "cds");
        Path extractList = work.resolve("extract.list");
        Path decryptList = work.resolve("decrypt.list");
        String key = demo.resolve("demo-key.pem").toString();
        String part = demo.resolve(DEMO_EXPORT).toString();
        withLibAsFd9(
                lib,
                java.toString(),
                "-XX:DumpLoadedClassList=" + extractList,
                "-cp",
                classPath,
                "org.cddsdecrypt.cli.Main",
                "extract",
                "-q",
                "-k",
                key,
                "-o",
                work.resolve("tree").toString(),
                part);
        withLibAsFd9(
                lib,
                java.toString(),
                "-XX:DumpLoadedClassList=" + decryptList,
                "-cp",
                classPath,
                "org.cddsdecrypt.cli.Main",
                "decrypt",
                "-q",
                "-k",
                key,
                "-o",
                work.resolve("part").toString(),
                part);
        Path classes = work.resolve("classes.list");
        Files.write(
                classes,
                Stream.concat(Files.readAllLines(extractList).stream(), Files.readAllLines(decryptList).stream())
                        .toList());
        withLibAsFd9(
                lib,
                java.toString(),
                "-Xshare:dump",
                "-XX:SharedClassListFile=" + classes,
                "-XX:SharedArchiveFile=" + lib.resolve("cdds-decrypt.jsa"),
                "-cp",
                classPath);
        deleteTree(work);
    }

    /** Runs {@code command} with {@code lib} open as file descriptor 9, as the launcher does; fails unless it exits 0. */
    private static void withLibAsFd9(Path lib, String... command) throws Exception {
        List<String> sh = new ArrayList<>(List.of("/bin/sh", "-c", "exec 9<\"$0\" && exec \"$@\"", lib.toString()));
        sh.addAll(List.of(command));
        Process p = new ProcessBuilder(sh).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
    }

    private static String run(ToolProvider tool, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = tool.run(
                new PrintWriter(out, true, StandardCharsets.UTF_8),
                new PrintWriter(err, true, StandardCharsets.UTF_8),
                args);
        if (code != 0) {
            throw new IllegalStateException(tool.name() + " " + String.join(" ", args) + " failed (" + code + "):\n"
                    + out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
