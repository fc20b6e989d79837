@echo off
rem cdds-decrypt for Windows: runs the tool with the jars in ..\lib and keeps its exit code.
rem JAVA_HOME picks the Java (17 or later; else java on the PATH); JAVA_OPTS is passed to it.
rem (The packaging writes this file with CRLF line ends.)
setlocal
set "LIB=%~dp0..\lib"
set "JAVA=java"
rem Labels, not a parenthesised block: a JAVA_HOME such as C:\Program Files (x86)\... would end the block early.
if not defined JAVA_HOME goto run
if exist "%JAVA_HOME%\bin\java.exe" goto javahome
echo cdds-decrypt: JAVA_HOME=%JAVA_HOME% has no bin\java.exe: point it at a Java 17 or later, or unset it to use the java on the PATH 1>&2
exit /b 127
:javahome
set "JAVA=%JAVA_HOME%\bin\java.exe"
:run
rem The JVM's own warnings go to stderr, never into the results on stdout (--json).
"%JAVA%" -XX:+UseSerialGC -Xms64m -Xmn24m -Xlog:disable -Xlog:all=warning:stderr -XX:+DisplayVMOutputToStderr %JAVA_OPTS% -cp "%LIB%\*" org.cddsdecrypt.cli.Main %*
exit /b %ERRORLEVEL%
