@echo off
rem cdds-decrypt for Windows: runs the tool with the jars in ..\lib and keeps its exit code.
rem JAVA_HOME picks the Java (17 or later; else java on the PATH); JAVA_OPTS is passed to it.
rem (The packaging writes this file with CRLF line ends.)
setlocal
set "LIB=%~dp0..\lib"
set "JAVA=java"
if defined JAVA_HOME set "JAVA=%JAVA_HOME%\bin\java.exe"
"%JAVA%" -XX:+UseSerialGC -Xms64m -Xmn24m %JAVA_OPTS% -cp "%LIB%\*" org.cddsdecrypt.cli.Main %*
exit /b %ERRORLEVEL%
