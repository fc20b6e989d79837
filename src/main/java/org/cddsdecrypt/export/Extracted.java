package org.cddsdecrypt.export;

import java.util.List;

/**
 * What reading an export whole found and wrote.
 *
 * @param entries entries verified
 * @param bytes bytes inflated and verified
 * @param files files written (none for verify)
 * @param filesBytes bytes of the files written
 * @param unmatchedIncludes include patterns that matched no entry
 */
public record Extracted(int entries, long bytes, int files, long filesBytes, List<String> unmatchedIncludes) {}
