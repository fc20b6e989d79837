package org.cddsdecrypt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.cddsdecrypt.parts.PartName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** decrypt's default output name: the input's name without its .smime/.p7m/.pem wrapper suffix. */
class DefaultOutputNameTest {
    @ParameterizedTest
    @CsvSource({
        "export-2b710a2c-0e7f-4918-983c-c02d108eaeb0.zip.smime, export-2b710a2c-0e7f-4918-983c-c02d108eaeb0.zip",
        "export-2b710a2c-0e7f-4918-983c-c02d108eaeb0.z01.smime, export-2b710a2c-0e7f-4918-983c-c02d108eaeb0.z01",
        "export-x.z100.smime, export-x.z100",
        "part.zip.p7m, part.zip",
        "part.zip.pem, part.zip",
        "PART.ZIP.SMIME, PART.ZIP",
        "'export-x (1).zip.smime', 'export-x (1).zip'",
        "message.smime, message"
    })
    void stripsTheWrapperSuffix(String input, String expected) {
        assertEquals(expected, PartName.withoutWrapperSuffix(input));
    }

    /** A name without a wrapper suffix must not be overwritten by its own plaintext. */
    @ParameterizedTest
    @CsvSource({"notes.txt, notes.txt.out", "part.zip, part.zip.out", ".smime, .smime.out", "stdin, stdin.out"})
    void otherNamesGetOut(String input, String expected) {
        assertEquals(expected, PartName.withoutWrapperSuffix(input));
    }
}
