@echo off
rem cdds-decrypt for Windows: runs the tool with the jars in ..\lib and exits with its exit code.
rem Java: the self-contained archive's ..\runtime, else JAVA_HOME (17 or later), else java.exe on the PATH;
rem 127 and one line when there is none.
rem JAVA_OPTS is passed to it. The packaging writes this file with CRLF line ends.
rem Labels, not parenthesised blocks: a path such as C:\Program Files (x86)\... would end a block early.
setlocal
set "LIB=%~dp0..\lib"
rem The self-contained archive's own runtime, never another Java: the one the archive was made and tested with.
set "JAVA=%~dp0..\runtime\bin\java.exe"
if exist "%JAVA%" goto run
if not defined JAVA_HOME goto path
rem A JAVA_HOME set with its quotes (set JAVA_HOME="C:\Program Files\Java\jdk-17") is used without them.
set "JAVA_HOME_DIR=%JAVA_HOME:"=%"
set "JAVA=%JAVA_HOME_DIR%\bin\java.exe"
if exist "%JAVA%" goto run
rem A JAVA_HOME that names no Java is a mistake to fix, not to work around with another Java on the PATH.
rem Delayed expansion prints the folder as it is, whatever characters it holds (& ^ parentheses).
setlocal EnableDelayedExpansion
echo cdds-decrypt: JAVA_HOME=!JAVA_HOME_DIR! has no bin\java.exe: point it at a Java 17 or later, or unset it to use the java on the PATH 1>&2
exit /b 127
:path
set "JAVA="
for %%J in (java.exe) do set "JAVA=%%~$PATH:J"
if defined JAVA goto run
echo cdds-decrypt: no java.exe on the PATH and JAVA_HOME is not set: install Java 17 or later, or set JAVA_HOME 1>&2
exit /b 127
:run
rem The JVM's own warnings go to stderr, never into the results on stdout (--json). A crash writes no memory dump
rem (it would hold the private key) into the current folder; no performance-data file is written into %TEMP%.
"%JAVA%" -XX:+UseSerialGC -Xms64m -Xmn24m -XX:-UsePerfData -Xlog:disable -Xlog:all=warning:stderr -XX:+DisplayVMOutputToStderr -XX:-CreateCoredumpOnCrash %JAVA_OPTS% -cp "%LIB%\*" org.cddsdecrypt.cli.Main %*
exit /b %ERRORLEVEL%
