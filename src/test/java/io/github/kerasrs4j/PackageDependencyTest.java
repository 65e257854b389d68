package io.github.kerasrs4j;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The library's packages depend one way: keras (import) on layers (the configs users write and their
 * DL4J adapters), layers on runtime (the computation), runtime on neither.
 */
class PackageDependencyTest {

    private static final JavaClasses LIBRARY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("io.github.kerasrs4j");

    @Test
    void runtimeDependsOnNoOtherPackageOfTheLibrary() {
        noClasses().that().resideInAPackage("..kerasrs4j.runtime..")
                .should().dependOnClassesThat().resideInAnyPackage("..kerasrs4j.layers..", "..kerasrs4j.keras..")
                .check(LIBRARY);
    }

    @Test
    void layersDoNotDependOnKerasImport() {
        noClasses().that().resideInAPackage("..kerasrs4j.layers..")
                .should().dependOnClassesThat().resideInAPackage("..kerasrs4j.keras..")
                .check(LIBRARY);
    }

    @Test
    void packagesFormNoCycle() {
        slices().matching("io.github.kerasrs4j.(*)..").should().beFreeOfCycles().check(LIBRARY);
    }
}
