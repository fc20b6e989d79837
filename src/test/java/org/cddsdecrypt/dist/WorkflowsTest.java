package org.cddsdecrypt.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The GitHub workflows, parsed as YAML (SnakeYAML): what they must do on the systems this machine is not. That
 * GitHub accepts and runs them is shown only on GitHub.
 */
class WorkflowsTest {
    private static Map<String, Object> workflow(String name) throws Exception {
        try (Reader in = Files.newBufferedReader(Path.of(".github", "workflows", name))) {
            return new Yaml().load(in);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T at(Object node, Object... keys) {
        Object here = node;
        for (Object key : keys) {
            assertTrue(here instanceof Map, "no map at " + key + " in " + here);
            here = ((Map<Object, Object>) here).get(key);
            assertNotNull(here, "missing " + key);
        }
        return (T) here;
    }

    /** The {@code on:} triggers: YAML 1.1 reads an unquoted {@code on} as the boolean true. */
    private static Map<String, Object> triggers(Map<String, Object> workflow) {
        Object on = workflow.containsKey("on") ? workflow.get("on") : ((Map<?, ?>) workflow).get(Boolean.TRUE);
        assertTrue(on instanceof Map, "on: " + on);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) on;
        return map;
    }

    private static List<Map<String, Object>> steps(Map<String, Object> job) {
        return at(job, "steps");
    }

    /** The steps whose {@code run} holds {@code text}. */
    private static List<Map<String, Object>> running(Map<String, Object> job, String text) {
        return steps(job).stream()
                .filter(s -> String.valueOf(s.get("run")).contains(text))
                .toList();
    }

    @Test
    void ciVerifiesOnLinuxWindowsAndMacOsWithTheFixtureTools() throws Exception {
        Map<String, Object> ci = workflow("ci.yml");
        assertTrue(triggers(ci).keySet().containsAll(Set.of("push", "pull_request")));
        Map<String, Object> job = at(ci, "jobs", "verify");
        assertEquals(List.of("ubuntu-latest", "windows-latest", "macos-latest"), at(job, "strategy", "matrix", "os"));
        assertEquals(false, at(job, "strategy", "fail-fast"), "one system failing does not cancel the others");
        assertEquals("${{ matrix.os }}", job.get("runs-on"));
        Map<String, Object> java = steps(job).stream()
                .filter(s -> "actions/setup-java@v4".equals(s.get("uses")))
                .findFirst()
                .orElseThrow();
        Object version = at(java, "with", "java-version");
        assertEquals("17", version.toString(), "the Java the project targets");
        assertEquals(1, running(job, "mvn -B verify").size());
        assertStepOn(job, "Windows", "choco install zip");
        assertStepOn(job, "macOS", "openssl@3");
        assertStepOn(job, "Linux", "zip");
        Map<String, Object> launcher = assertStepOn(job, "Windows", "cdds-decrypt.bat");
        String script = String.valueOf(launcher.get("run"));
        assertTrue(
                script.contains("Expect 127 'JAVA_HOME without java'")
                        && script.contains("Expect 127 'no java at all'")
                        && script.contains("Expect 7")
                        && script.contains("'\"' + $javaHome + '\"'"),
                script);
        int verify = steps(job).indexOf(running(job, "mvn -B verify").get(0));
        assertTrue(steps(job).indexOf(launcher) > verify, "the launcher is tried on the archive the build made");
    }

    /** The one step that runs {@code text}, only on {@code os}. */
    private static Map<String, Object> assertStepOn(Map<String, Object> job, String os, String text) {
        List<Map<String, Object>> found = running(job, text).stream()
                .filter(s -> ("runner.os == '" + os + "'").equals(s.get("if")))
                .toList();
        assertEquals(1, found.size(), text + " on " + os);
        return found.get(0);
    }

    @Test
    void aVersionTagBuildsTriesAndAttachesTheArchiveOfEachSystemOnItsOwnRunner() throws Exception {
        Map<String, Object> release = workflow("release.yml");
        assertEquals(List.of("v*"), at(triggers(release), "push", "tags"));
        assertEquals(Set.of("push"), triggers(release).keySet());
        Map<String, Object> job = at(release, "jobs", "archive");
        assertEquals("${{ matrix.os }}", job.get("runs-on"));
        List<Map<String, Object>> include = at(job, "strategy", "matrix", "include");
        assertEquals(
                Map.of(
                        "ubuntu-latest",
                        "linux-x64 tar.gz",
                        "windows-latest",
                        "windows-x64 zip",
                        "macos-latest",
                        "macos-aarch64 tar.gz"),
                include.stream()
                        .collect(Collectors.toMap(
                                m -> (String) m.get("os"), m -> m.get("platform") + " " + m.get("format"))));

        String build = String.valueOf(running(job, "package").get(0).get("run"));
        assertTrue(
                build.contains("-Ddist.platform=${{ matrix.platform }}")
                        && build.contains("-Ddist.format=${{ matrix.format }}")
                        && build.contains("-DskipTests"),
                build);
        List<Map<String, Object>> demo = running(job, "export-2b710a2c-0e7f-4918-983c-c02d108eaeb0.z01.smime");
        assertEquals(2, demo.size(), "the demo extract, with the POSIX launcher and with the .bat");
        assertTrue(String.valueOf(demo.get(0).get("run")).contains("env -u JAVA_HOME")
                && String.valueOf(demo.get(0).get("run")).contains("diff -r"));
        assertTrue(String.valueOf(demo.get(1).get("run")).contains("cdds-decrypt.bat")
                && String.valueOf(demo.get(1).get("run")).contains("Remove-Item Env:JAVA_HOME"));
        Map<String, Object> upload = steps(job).get(steps(job).size() - 1);
        assertEquals("actions/upload-artifact@v4", upload.get("uses"));
        assertEquals(
                "target/cdds-decrypt-${{ env.VERSION }}-${{ matrix.platform }}.${{ matrix.format }}",
                at(upload, "with", "path"));

        Map<String, Object> publish = at(release, "jobs", "publish");
        assertEquals("archive", publish.get("needs"));
        assertEquals("write", at(publish, "permissions", "contents"));
        assertTrue(running(publish, "gh release create \"$GITHUB_REF_NAME\" archives/*")
                        .size()
                == 1);
    }
}
