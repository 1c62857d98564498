package dev.agentwatch.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** No two packages of this module import each other, directly or around a loop. */
@AnalyzeClasses(packages = {"dev.agentwatch.config", "dev.agentwatch.schema", "dev.agentwatch.topics", "dev.agentwatch.sampling", "dev.agentwatch.ids"}, importOptions = ImportOption.DoNotIncludeTests.class)
class IngestSchemaArchitectureTest {

    // A method, not an @ArchTest field: surefire 3.5.3 does not run fields (TNG/ArchUnit#1442).
    @ArchTest
    void noPackageCycles(JavaClasses classes) {
        slices().matching("dev.agentwatch.(**)").should().beFreeOfCycles().check(classes);
    }
}
