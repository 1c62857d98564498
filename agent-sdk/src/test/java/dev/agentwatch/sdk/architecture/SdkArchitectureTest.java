package dev.agentwatch.sdk.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * One way: {@code sdk} (the client, knowing transports only by their interface) under {@code sdk.transport} under
 * {@code sdk.config} (the YAML file that picks a transport).
 */
@AnalyzeClasses(packages = "dev.agentwatch.sdk", importOptions = ImportOption.DoNotIncludeTests.class)
class SdkArchitectureTest {

    // A method, not an @ArchTest field: surefire 3.5.3 does not run fields (TNG/ArchUnit#1442).
    @ArchTest
    void theClientDoesNotKnowTheTransports(JavaClasses classes) {
        noClasses().that().resideInAPackage("dev.agentwatch.sdk")
                .should().dependOnClassesThat().resideInAPackage("dev.agentwatch.sdk.transport..")
                .check(classes);
    }

    @ArchTest
    void theTransportsDoNotKnowTheConfigFile(JavaClasses classes) {
        noClasses().that().resideInAnyPackage("dev.agentwatch.sdk", "dev.agentwatch.sdk.transport..")
                .should().dependOnClassesThat().resideInAPackage("dev.agentwatch.sdk.config..")
                .check(classes);
    }

    @ArchTest
    void theSdkDoesNotReachIntoTheApps(JavaClasses classes) {
        noClasses().that().resideInAPackage("dev.agentwatch.sdk..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.agentwatch.gateway..", "dev.agentwatch.streams..",
                        "dev.agentwatch.sink..")
                .check(classes);
    }
}
