package dev.agentwatch.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The alert sink's packages import one way. From the top: the wiring ({@code dev.agentwatch.sink}: {@code AlertSink},
 * the main class); the adapters that do I/O ({@code kafka}, {@code http}); the engine that puts the stages in order
 * ({@code pipeline}); the configuration and the metrics, which know the stages; the stages and what the retry stage
 * sends through ({@code receivers}); the model that flows between them; at the bottom matchers, secrets and offsets.
 * Kafka is known only by the kafka package and the wiring.
 */
@AnalyzeClasses(packages = AlertSinkArchitectureTest.SINK, importOptions = ImportOption.DoNotIncludeTests.class)
class AlertSinkArchitectureTest {

    static final String SINK = "dev.agentwatch.sink";

    // Methods, not @ArchTest fields: surefire 3.5.3 does not run fields (TNG/ArchUnit#1442).
    @ArchTest
    void noPackageCycles(JavaClasses classes) {
        slices().matching("dev.agentwatch.(**)").should().beFreeOfCycles().check(classes);
    }

    @ArchTest
    void packagesImportOnlyDownward(JavaClasses classes) {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Wiring").definedBy(SINK)
                .layer("Adapters").definedBy(SINK + ".kafka..", SINK + ".http..")
                .layer("Engine").definedBy(SINK + ".pipeline..")
                .layer("Config").definedBy(SINK + ".config..")
                .layer("Metrics").definedBy(SINK + ".metrics..")
                .layer("Stages").definedBy(SINK + ".dedup..", SINK + ".routing..", SINK + ".grouping..", SINK + ".inhibit..",
                        SINK + ".silence..", SINK + ".mute..", SINK + ".notify..", SINK + ".delivery..", SINK + ".receivers..")
                .layer("Model").definedBy(SINK + ".model..")
                .layer("Foundation").definedBy(SINK + ".matching..", SINK + ".secrets..", SINK + ".offsets..")
                .whereLayer("Wiring").mayNotBeAccessedByAnyLayer()
                .whereLayer("Adapters").mayOnlyBeAccessedByLayers("Wiring")
                .whereLayer("Engine").mayOnlyBeAccessedByLayers("Adapters", "Wiring")
                .whereLayer("Config").mayOnlyBeAccessedByLayers("Engine", "Wiring")
                .whereLayer("Metrics").mayOnlyBeAccessedByLayers("Engine", "Adapters", "Wiring")
                .whereLayer("Stages").mayOnlyBeAccessedByLayers("Config", "Metrics", "Engine", "Adapters", "Wiring")
                .whereLayer("Model").mayOnlyBeAccessedByLayers("Stages", "Config", "Metrics", "Engine", "Adapters", "Wiring")
                .whereLayer("Foundation").mayOnlyBeAccessedByLayers("Model", "Stages", "Config", "Metrics", "Engine", "Adapters",
                        "Wiring")
                .check(classes);
    }

    @ArchTest
    void kafkaOnlyInItsPackageAndTheWiring(JavaClasses classes) {
        noClasses().that().resideInAPackage(SINK + "..").and().resideOutsideOfPackages(SINK, SINK + ".kafka..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.kafka..")
                .as("only the kafka package and the wiring know Kafka")
                .check(classes);
    }
}
