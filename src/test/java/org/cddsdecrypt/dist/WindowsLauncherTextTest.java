package org.cddsdecrypt.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What can be checked of {@code cdds-decrypt.bat} without Windows: its text. cmd cannot run here, so these tests
 * show that the script says the right things in the right order, not that cmd does what they say; the CI job on
 * windows-latest runs it (.github/workflows/ci.yml, "Windows launcher").
 */
class WindowsLauncherTextTest {
    private static String bat;
    private static List<String> lines;

    @BeforeAll
    static void read() throws Exception {
        bat = Files.readString(Path.of("src", "dist", "bin", "cdds-decrypt.bat"));
        lines = bat.lines().toList();
    }

    private static int lineOf(String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no line holds " + text + " in:\n" + bat);
    }

    @Test
    void theBundledRuntimeComesFirstThenJavaHomeWithoutItsQuotesThenThePath() {
        int bundled = lineOf("set \"JAVA=%~dp0..\\runtime\\bin\\java.exe\"");
        assertEquals("if exist \"%JAVA%\" goto run", lines.get(bundled + 1).trim());
        int javaHome = lineOf("set \"JAVA=%JAVA_HOME_DIR%\\bin\\java.exe\"");
        assertTrue(bundled < lineOf("if not defined JAVA_HOME goto path"), "JAVA_HOME only without a runtime");
        assertTrue(lineOf("set \"JAVA_HOME_DIR=%JAVA_HOME:\"=%\"") < javaHome, "quotes stripped before use");
        assertTrue(lineOf("if not defined JAVA_HOME goto path") < javaHome);
        int path = lineOf("for %%J in (java.exe) do set \"JAVA=%%~$PATH:J\"");
        assertTrue(javaHome < path && lineOf(":path") < path, "the PATH only without JAVA_HOME");
    }

    @Test
    void noJavaSaysSoOnStderrAndExits127() {
        int wrongHome = lineOf("has no bin\\java.exe");
        int none = lineOf("no java.exe on the PATH and JAVA_HOME is not set");
        for (int message : List.of(wrongHome, none)) {
            assertTrue(
                    lines.get(message).trim().startsWith("echo ")
                            && lines.get(message).endsWith(" 1>&2"),
                    lines.get(message));
            assertEquals("exit /b 127", lines.get(message + 1).trim());
        }
        assertTrue(
                lines.get(wrongHome).contains("!JAVA_HOME_DIR!") && lineOf("EnableDelayedExpansion") < wrongHome,
                "the folder printed by delayed expansion, so & or ( in it cannot end the command");
    }

    @Test
    void theToolsExitCodeIsReturnedAndEveryPathIsQuoted() {
        int run = lineOf("org.cddsdecrypt.cli.Main %*");
        String java = lines.get(run);
        assertTrue(java.startsWith("\"%JAVA%\" ") && java.contains("-cp \"%LIB%\\*\""), java);
        assertEquals("exit /b %ERRORLEVEL%", lines.get(run + 1).trim());
        assertTrue(lineOf("set \"LIB=%~dp0..\\lib\"") < run);
    }

    @Test
    void noParenthesisedBlockThatAPathWithParenthesesWouldEnd() {
        for (String line : lines) {
            String code = line.trim();
            if (!code.startsWith("rem ") && !code.startsWith("echo ") && !code.startsWith("for %%J in (java.exe)")) {
                assertTrue(!code.contains("(") && !code.contains(")"), line);
            }
        }
    }
}
