package org.cddsdecrypt.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolvedModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.cddsdecrypt.dist.LaunchersIT.Run;
import org.cddsdecrypt.output.TreeMarker;
import org.cddsdecrypt.testing.Trees;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The linux-x64 self-contained archive, unpacked as a user would (into a folder with a space in its name) and run
 * on a machine as if it had no Java: no java on the PATH, no JAVA_HOME. Its runtime holds only the modules jdeps
 * finds (and what they require), stripped, and the tool's classes come from its class-data archive.
 */
class SelfContainedIT {
    private static final String ARCHIVE = "cdds-decrypt-" + DistributionIT.VERSION + "-linux-x64.tar.gz";
    private static final Path DEMO = Path.of("testdata", "demo").toAbsolutePath();
    private static final Path WORK = DistributionIT.TARGET.resolve("it-self-contained");
    private static Path home;

    @BeforeAll
    static void unpack() throws Exception {
        assumeTrue(
                System.getProperty("os.name").equals("Linux")
                        && System.getProperty("os.arch").equals("amd64"),
                "the linux-x64 archive is built and tried on Linux x64 only");
        DistributionIT.deleteTree(WORK);
        Path into = Files.createDirectories(WORK.resolve("opt with space"));
        Process tar = new ProcessBuilder(
                        "tar", "xzf", DistributionIT.TARGET.resolve(ARCHIVE).toString(), "-C", into.toString())
                .inheritIO()
                .start();
        assertTrue(tar.waitFor(2, TimeUnit.MINUTES) && tar.exitValue() == 0, "tar xzf " + ARCHIVE);
        home = into.resolve(DistributionIT.BASE);
    }

    /** What a machine without Java gives: a PATH of every command but java, no JAVA_HOME, nothing else. */
    private static Map<String, String> noJava() throws Exception {
        return Map.of("PATH", LaunchersIT.binWithoutJava().toString());
    }

    @Test
    void theDemoExportIsExtractedWithNoJavaOnTheMachineTheToolsClassesFromTheArchive() throws Exception {
        Path tree = WORK.resolve("demo");
        Path classLog = WORK.resolve("class-load.log");
        Map<String, String> env = new java.util.HashMap<>(noJava());
        // The JVM's record of where each class came from: the class-data archive, not a jar.
        env.put("JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog);

        Run r = LaunchersIT.run(
                env,
                List.of(
                        home.resolve("bin/cdds-decrypt").toString(),
                        "extract",
                        "-q",
                        "-k",
                        DEMO.resolve("demo-key.pem").toString(),
                        "-o",
                        tree.toString(),
                        DEMO.resolve("export-2b710a2c-0e7f-4918-983c-c02d108eaeb0.z01.smime")
                                .toString()));

        assertEquals(0, r.code(), r.toString());
        TreeMap<String, String> shape = Trees.shape(tree);
        assertEquals("file", shape.remove(TreeMarker.NAME));
        assertEquals(Trees.shape(DEMO.resolve("expected")), shape);
        for (String file : shape.keySet()) {
            if (shape.get(file).equals("file")) {
                assertEquals(-1, Files.mismatch(DEMO.resolve("expected").resolve(file), tree.resolve(file)), file);
            }
        }
        String log = Files.readString(classLog);
        assertTrue(log.contains("org.cddsdecrypt.cli.Main source: shared objects file"), "archived: " + log);
        assertTrue(log.contains("picocli.CommandLine source: shared objects file"), "libraries too");
    }

    @Test
    void itsOwnRuntimeIsUsedWhateverJavaHomeSays() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(noJava());
        env.put("JAVA_HOME", WORK.resolve("no-such-jdk").toString());

        Run r = LaunchersIT.run(env, List.of(home.resolve("bin/cdds-decrypt").toString(), "--version"));

        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("Java " + Runtime.version().feature()), r.out());
    }

    @Test
    void theRuntimeHoldsOnlyWhatJdepsFindsStripped() throws Exception {
        String release = Files.readString(home.resolve("runtime/release"));
        String line = release.lines()
                .filter(l -> l.startsWith("MODULES="))
                .findFirst()
                .orElseThrow();
        Set<String> modules = new TreeSet<>(Arrays.asList(
                line.substring("MODULES=\"".length(), line.length() - 1).split(" ")));
        String found = jdeps();
        Set<String> required = Configuration.empty()
                .resolve(ModuleFinder.ofSystem(), ModuleFinder.of(), Arrays.asList(found.split(",")))
                .modules()
                .stream()
                .map(ResolvedModule::name)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(required, modules, "jdeps found " + found);
        assertFalse(modules.contains("jdk.compiler") || modules.contains("jdk.jshell"));
        assertFalse(Files.exists(home.resolve("runtime/include")), "--no-header-files");
        assertFalse(Files.exists(home.resolve("runtime/man")), "--no-man-pages");
        assertTrue(Files.exists(home.resolve("runtime/lib/server/classes.jsa")), "the runtime's own class data");
    }

    /** jdeps on the shipped jars, as the build ran it. */
    private static String jdeps() {
        List<String> jars = List.of(home.resolve("lib").toFile().list()).stream()
                .filter(n -> n.endsWith(".jar"))
                .toList();
        String tool = "cdds-decrypt-" + DistributionIT.VERSION + ".jar";
        String classPath = jars.stream()
                .filter(j -> !j.equals(tool))
                .map(j -> home.resolve("lib").resolve(j).toString())
                .collect(Collectors.joining(":"));
        java.io.StringWriter out = new java.io.StringWriter();
        int code = java.util.spi.ToolProvider.findFirst("jdeps")
                .orElseThrow()
                .run(
                        new java.io.PrintWriter(out),
                        new java.io.PrintWriter(new java.io.StringWriter()),
                        "--print-module-deps",
                        "--ignore-missing-deps",
                        "--multi-release",
                        "17",
                        "--class-path",
                        classPath,
                        home.resolve("lib").resolve(tool).toString());
        assertEquals(0, code, out.toString());
        List<String> lines =
                out.toString().lines().filter(l -> !l.startsWith("Warning")).toList();
        return lines.get(lines.size() - 1).trim();
    }

    @Test
    void atMost60MegabytesWithManPagesCompletionReadmeAndLicence() throws Exception {
        long size = Files.size(DistributionIT.TARGET.resolve(ARCHIVE));
        assertTrue(size <= 60L * 1024 * 1024, ARCHIVE + " is " + size + " bytes");
        for (String file : List.of(
                "bin/cdds-decrypt",
                "bin/cdds-decrypt.bat",
                "runtime/bin/java",
                "lib/cdds-decrypt.jsa",
                "lib/classpath",
                "man/man1/cdds-decrypt.1",
                "man/man1/cdds-decrypt-extract.1",
                "completion/cdds-decrypt.bash",
                "README.md",
                "LICENSE")) {
            assertTrue(Files.isRegularFile(home.resolve(file)), file);
        }
        assertTrue(Files.isExecutable(home.resolve("bin/cdds-decrypt")));
        assertTrue(Files.isExecutable(home.resolve("runtime/bin/java")));
        assertTrue(Files.isExecutable(home.resolve("runtime/lib/jspawnhelper")), "Java starts processes with it");
        assertTrue(
                Files.exists(DistributionIT.TARGET.resolve("cdds-decrypt-" + DistributionIT.VERSION + "-dist.tar.gz")),
                "the plain bin/ + lib/ archive is still built");
    }
}
