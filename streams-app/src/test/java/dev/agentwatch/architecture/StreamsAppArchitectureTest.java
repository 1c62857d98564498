package dev.agentwatch.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The streams app's packages import one way: the JDK-only domain at the bottom (window, then baseline), rules above
 * it, alerting above rules, the fleet view (a read model of windows and alerts) above alerting, and the Kafka
 * Streams glue on top, which alone knows Kafka. A back-up import fails here.
 */
@AnalyzeClasses(packages = {"dev.agentwatch.window", "dev.agentwatch.baseline", "dev.agentwatch.pricing",
        "dev.agentwatch.rules", "dev.agentwatch.alerting", "dev.agentwatch.fleet", "dev.agentwatch.ingest",
        "dev.agentwatch.http", "dev.agentwatch.streams"}, importOptions = ImportOption.DoNotIncludeTests.class)
class StreamsAppArchitectureTest {

    private static final String[] DOMAIN = {"dev.agentwatch.window..", "dev.agentwatch.baseline..", "dev.agentwatch.pricing.."};
    private static final String[] BELOW_GLUE = {"dev.agentwatch.window..", "dev.agentwatch.baseline..",
            "dev.agentwatch.pricing..", "dev.agentwatch.rules..", "dev.agentwatch.alerting..", "dev.agentwatch.fleet.."};

    private static final ArchRule NO_PACKAGE_CYCLES = slices().matching("dev.agentwatch.(**)").should().beFreeOfCycles();

    private static final ArchRule LAYERS_IMPORT_DOWNWARD_ONLY = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Window").definedBy("dev.agentwatch.window..")
            .layer("Baseline").definedBy("dev.agentwatch.baseline..")
            .layer("Pricing").definedBy("dev.agentwatch.pricing..")
            .layer("Rules").definedBy("dev.agentwatch.rules..")
            .layer("Alerting").definedBy("dev.agentwatch.alerting..")
            .layer("Fleet").definedBy("dev.agentwatch.fleet..")
            .layer("Glue").definedBy("dev.agentwatch.streams..", "dev.agentwatch.ingest..", "dev.agentwatch.http..")
            .whereLayer("Glue").mayNotBeAccessedByAnyLayer()
            .whereLayer("Fleet").mayOnlyBeAccessedByLayers("Glue")
            .whereLayer("Alerting").mayOnlyBeAccessedByLayers("Fleet", "Glue")
            .whereLayer("Rules").mayOnlyBeAccessedByLayers("Alerting", "Fleet", "Glue")
            .whereLayer("Pricing").mayOnlyBeAccessedByLayers("Glue")
            .whereLayer("Baseline").mayOnlyBeAccessedByLayers("Rules", "Alerting", "Fleet", "Glue")
            .whereLayer("Window").mayOnlyBeAccessedByLayers("Baseline", "Rules", "Alerting", "Fleet", "Glue");

    private static final ArchRule ONLY_THE_GLUE_KNOWS_KAFKA = noClasses().that().resideInAnyPackage(BELOW_GLUE)
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..");

    private static final ArchRule THE_DOMAIN_KNOWS_NO_WIRE_FORMAT = noClasses().that().resideInAnyPackage(DOMAIN)
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.avro..", "dev.agentwatch.schema..");

    private static final ArchRule RULES_AND_ALERTING_KNOW_NO_AVRO = noClasses()
            .that().resideInAnyPackage("dev.agentwatch.rules..", "dev.agentwatch.alerting..", "dev.agentwatch.fleet..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.avro..");

    // Rules are checked from methods: surefire 3.5.3 does not run @ArchTest fields (TNG/ArchUnit#1442).
    /** Every package (subpackages apart) is its own slice: no loop between any two. */
    @ArchTest
    void noPackageCycles(JavaClasses classes) {
        NO_PACKAGE_CYCLES.check(classes);
    }

    @ArchTest
    void layersImportDownwardOnly(JavaClasses classes) {
        LAYERS_IMPORT_DOWNWARD_ONLY.check(classes);
    }

    @ArchTest
    void onlyTheGlueKnowsKafka(JavaClasses classes) {
        ONLY_THE_GLUE_KNOWS_KAFKA.check(classes);
    }

    /** The domain folds plain Java values; the wire schema (Avro, its generated classes) stays above it. */
    @ArchTest
    void theDomainKnowsNoWireFormat(JavaClasses classes) {
        THE_DOMAIN_KNOWS_NO_WIRE_FORMAT.check(classes);
    }

    @ArchTest
    void rulesAndAlertingKnowNoAvro(JavaClasses classes) {
        RULES_AND_ALERTING_KNOW_NO_AVRO.check(classes);
    }
}
