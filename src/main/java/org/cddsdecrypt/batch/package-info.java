/**
 * Unattended runs over download folders ("inboxes"): every complete export not done yet is extracted into its own
 * folder under an output directory, with the same verified, atomic extraction as a single {@code extract}.
 *
 * <p>{@link org.cddsdecrypt.batch.Batch} is the entry point; it reports one {@link org.cddsdecrypt.batch.Outcome}
 * per export and returns a {@link org.cddsdecrypt.batch.Summary}. State lives under {@code OUT/.cdds-decrypt/}: the
 * journal of exports done ({@code state}), the failures and stalls already reported ({@code reported}, so that each
 * is reported once per download), the run lock ({@code lock}) and one lock per export being extracted
 * ({@code locks/}). No command-line parsing here: the {@code batch} command only wires options to this package.
 */
package org.cddsdecrypt.batch;
