import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

/**
 * Build step (run by Maven at package time): rewrites every signed jar in a directory without its signature.
 *
 * <p>Why: the JVM verifies a signed jar on every start (manifest parsed section by section, signature checked, each
 * class digested as it loads) and class-data sharing never archives classes from signed jars. For Bouncy Castle's
 * three jars this cost 0.25 s of every run and 0.45 s of a 300 MiB decryption on the reference machine (see
 * docs/PERFORMANCE.md). The classes are copied byte for byte; only the signature files and the per-entry digest
 * sections of the manifest are dropped (its main section, with Multi-Release and the version headers, is kept).
 * The jars' integrity is checked by Maven when it downloads them; the distribution test compares every class with
 * the artifact Maven resolved.
 *
 * <p>Usage: {@code java scripts/UnsignJars.java DIR}
 */
public final class UnsignJars {
    private UnsignJars() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java scripts/UnsignJars.java DIR");
            System.exit(2);
        }
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of(args[0]), "*.jar")) {
            for (Path jar : jars) {
                if (isSigned(jar)) {
                    unsign(jar);
                    System.out.println("unsigned " + jar.getFileName());
                }
            }
        }
    }

    static boolean isSigned(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            return file.stream().anyMatch(e -> isSignatureFile(e.getName()));
        }
    }

    static boolean isSignatureFile(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return upper.startsWith("META-INF/")
                && upper.indexOf('/', "META-INF/".length()) < 0
                && (upper.endsWith(".SF")
                        || upper.endsWith(".RSA")
                        || upper.endsWith(".DSA")
                        || upper.endsWith(".EC")
                        || upper.startsWith("META-INF/SIG-"));
    }

    private static void unsign(Path jar) throws IOException {
        Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
        try (JarFile in = new JarFile(jar.toFile(), false);
                OutputStream file = Files.newOutputStream(tmp);
                JarOutputStream out = new JarOutputStream(file, mainSectionOnly(in.getManifest()))) {
            for (JarEntry entry : (Iterable<JarEntry>) in.stream()::iterator) {
                String name = entry.getName();
                if (name.equalsIgnoreCase(JarFile.MANIFEST_NAME) || isSignatureFile(name)) {
                    continue;
                }
                ZipEntry copy = new ZipEntry(name);
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                try (InputStream data = in.getInputStream(entry)) {
                    data.transferTo(out);
                }
                out.closeEntry();
            }
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
    }

    private static Manifest mainSectionOnly(Manifest original) {
        Manifest manifest = new Manifest();
        if (original != null) {
            manifest.getMainAttributes().putAll(original.getMainAttributes());
        }
        manifest.getMainAttributes().putIfAbsent(Attributes.Name.MANIFEST_VERSION, "1.0");
        return manifest;
    }
}
