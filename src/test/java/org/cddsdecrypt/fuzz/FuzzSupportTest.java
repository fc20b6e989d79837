package org.cddsdecrypt.fuzz;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.cddsdecrypt.error.CddsException;
import org.cddsdecrypt.error.CorruptInputException;
import org.cddsdecrypt.error.ExitCode;
import org.cddsdecrypt.error.OutputException;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The fuzz targets' property check fails when it should: it is what turns a wrong exit code into a finding. */
class FuzzSupportTest {
    @Test
    void anExitCodeTheInputCannotCauseIsAFinding() {
        CddsException internal = new CddsException(ExitCode.INTERNAL, "a bug reported as a failure", null) {};
        assertThrows(AssertionFailedError.class, () -> FuzzSupport.assertOutcome(internal, EnvelopeFuzzTest.OUTCOMES));
        assertThrows(
                AssertionFailedError.class,
                () -> FuzzSupport.assertOutcome(new OutputException("disk full"), EnvelopeFuzzTest.OUTCOMES));
    }

    @Test
    void anExpectedExitCodePasses() {
        assertDoesNotThrow(() ->
                FuzzSupport.assertOutcome(new CorruptInputException("not a CMS message"), EnvelopeFuzzTest.OUTCOMES));
    }
}
