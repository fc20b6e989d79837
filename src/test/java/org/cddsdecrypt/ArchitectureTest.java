package org.cddsdecrypt;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.cddsdecrypt.zip.EntrySink;
import org.junit.jupiter.api.Test;

/**
 * The layering the package names promise, checked on the compiled classes: {@code error} is a leaf, no two packages
 * depend on each other, {@code output} writes what {@code zip} hands it through the sink API only, and the command
 * line ({@code cli}, the only user of picocli) sits on top where nothing depends on it.
 */
class ArchitectureTest {
    private static final JavaClasses TOOL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.cddsdecrypt");

    @Test
    void noCyclesBetweenPackages() {
        slices().matching("org.cddsdecrypt.(*)..").should().beFreeOfCycles().check(TOOL);
    }

    @Test
    void errorDependsOnNothingOfOurs() {
        classes()
                .that()
                .resideInAPackage("org.cddsdecrypt.error..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("org.cddsdecrypt.error..", "java..")
                .check(TOOL);
    }

    @Test
    void nothingDependsOnTheCommandLine() {
        noClasses()
                .that()
                .resideOutsideOfPackage("org.cddsdecrypt.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.cddsdecrypt.cli..")
                .check(TOOL);
    }

    /** The commands map options onto the façade ({@code export}) and render what it returns. */
    @Test
    void theCommandLineUsesOnlyTheFacadeBatchKeysErrorsAndIo() {
        classes()
                .that()
                .resideInAPackage("org.cddsdecrypt.cli..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(
                        "org.cddsdecrypt.cli..",
                        "org.cddsdecrypt.export..",
                        "org.cddsdecrypt.batch..",
                        "org.cddsdecrypt.keys..",
                        "org.cddsdecrypt.error..",
                        "org.cddsdecrypt.io..",
                        "java..",
                        "picocli..")
                .check(TOOL);
    }

    @Test
    void onlyTheCommandLineUsesPicocli() {
        noClasses()
                .that()
                .resideOutsideOfPackage("org.cddsdecrypt.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("picocli..")
                .check(TOOL);
    }

    @Test
    void outputUsesOnlyTheSinkApiOfZip() {
        noClasses()
                .that()
                .resideInAPackage("org.cddsdecrypt.output..")
                .should()
                .dependOnClassesThat(resideInAPackage("org.cddsdecrypt.zip..").and(not(equivalentTo(EntrySink.class))))
                .check(TOOL);
    }
}
