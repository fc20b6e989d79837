package org.cddsdecrypt.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import picocli.CommandLine.IVersionProvider;

/**
 * Versions of the tool and of the libraries that do the work, read from their jars' manifests by resource name:
 * {@code --version} is what scripts and installers call most, and loading a library's classes to ask them would
 * load and initialise what the answer does not need. Bouncy Castle's jars carry only OSGi headers, hence
 * {@code Bundle-Version}.
 */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {
            "cdds-decrypt " + toolVersion(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ", "
                    + System.getProperty("java.vm.name") + ")",
            "Bouncy Castle " + versionOf("org/bouncycastle/jce/provider/BouncyCastleProvider.class"),
            "Commons Compress " + versionOf("org/apache/commons/compress/archivers/ArchiveEntry.class"),
            "picocli " + picocli.CommandLine.VERSION
        };
    }

    /** From the version file the build writes into the classes, so it is right even when run from target/. */
    static String toolVersion() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("/org/cddsdecrypt/version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.isBlank() && !v.startsWith("${")) {
                    return v;
                }
            }
        } catch (IOException e) {
            // fall back to the manifest
        }
        return versionOf("org/cddsdecrypt/cli/Main.class");
    }

    private static String versionOf(String classResource) {
        URL url = VersionProvider.class.getClassLoader().getResource(classResource);
        if (url == null || !"jar".equals(url.getProtocol())) {
            return "(development build)";
        }
        try {
            JarURLConnection connection = (JarURLConnection) url.openConnection();
            try (JarFile jar = new JarFile(connection.getJarFileURL().getPath(), false)) {
                Attributes main = mainAttributes(jar);
                String version = main.getValue("Implementation-Version");
                if (version == null) {
                    version = main.getValue("Bundle-Version");
                }
                return version == null ? "(unknown version)" : version;
            }
        } catch (IOException | RuntimeException e) {
            return "(unknown version)";
        }
    }

    /**
     * The manifest's main section only: {@code JarFile.getManifest()} parses every section, and Maven's bcprov lists
     * a digest for each of its thousands of classes (the distribution's copy has them removed, the build's does not).
     */
    private static Attributes mainAttributes(JarFile jar) throws IOException {
        java.util.zip.ZipEntry entry = jar.getEntry(JarFile.MANIFEST_NAME);
        if (entry == null) {
            return new Attributes();
        }
        java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
        try (java.io.BufferedReader lines = new java.io.BufferedReader(
                new java.io.InputStreamReader(jar.getInputStream(entry), java.nio.charset.StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null && !line.isEmpty(); line = lines.readLine()) {
                head.writeBytes((line + "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        head.writeBytes("\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new java.util.jar.Manifest(new java.io.ByteArrayInputStream(head.toByteArray())).getMainAttributes();
    }
}
