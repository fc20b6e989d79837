package org.cddsdecrypt.cli;

import picocli.CommandLine.IVersionProvider;

/** Versions of the tool and of the libraries that do the work, read from jar manifests (no class loading). */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {
            "cdds-decrypt " + versionOf(VersionProvider.class),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
            "Bouncy Castle " + versionOf(org.bouncycastle.asn1.ASN1Object.class),
            "Commons Compress " + versionOf(org.apache.commons.compress.archivers.ArchiveEntry.class),
            "picocli " + picocli.CommandLine.VERSION};
    }

    private static String versionOf(Class<?> type) {
        Package p = type.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        if (v == null && p != null) {
            v = p.getSpecificationVersion();
        }
        return v == null ? "(development build)" : v;
    }
}
