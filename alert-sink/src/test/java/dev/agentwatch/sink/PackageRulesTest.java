package dev.agentwatch.sink;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The sink's packages import one way. From the top: the wiring (this package: {@code AlertSink}, the main class);
 * the adapters that do I/O ({@code kafka}, {@code http}); the engine that puts the stages in order ({@code pipeline});
 * the configuration and the metrics, which know the stages; the stages and what the retry stage sends through
 * ({@code receivers}); the model that flows between them; and at the bottom matchers, secrets and offsets.
 * Kafka is known only by the kafka package and the wiring. The rules run as methods: Surefire 3.5.3 runs no
 * {@code @ArchTest} field (TNG/ArchUnit#1442).
 */
@AnalyzeClasses(packages = PackageRulesTest.SINK, importOptions = ImportOption.DoNotIncludeTests.class)
class PackageRulesTest {

    static final String SINK = "dev.agentwatch.sink";

    /** Every package of the sink is a slice, this one included (a pattern such as {@code sink.(*)..} would leave it out). */
    private static final SliceAssignment PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
            String p = c.getPackageName();
            return p.equals(SINK) || p.startsWith(SINK + ".") ? SliceIdentifier.of(p) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "the packages of " + SINK;
        }
    };

    private static final ArchRule NO_PACKAGES_IMPORT_EACH_OTHER = slices().assignedFrom(PACKAGES).should().beFreeOfCycles();

    private static final ArchRule PACKAGES_IMPORT_ONLY_DOWNWARD = layeredArchitecture().consideringOnlyDependenciesInLayers()
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
                    "Wiring");

    private static final ArchRule KAFKA_ONLY_IN_ITS_PACKAGE_AND_THE_WIRING = noClasses()
            .that().resideInAPackage(SINK + "..")
            .and().resideOutsideOfPackages(SINK, SINK + ".kafka..")
            .should().dependOnClassesThat().resideInAPackage("org.apache.kafka..")
            .as("only the kafka package and the wiring know Kafka");

    @ArchTest
    void noPackagesImportEachOther(JavaClasses sink) {
        NO_PACKAGES_IMPORT_EACH_OTHER.check(sink);
    }

    @ArchTest
    void packagesImportOnlyDownward(JavaClasses sink) {
        PACKAGES_IMPORT_ONLY_DOWNWARD.check(sink);
    }

    @ArchTest
    void kafkaOnlyInItsPackageAndTheWiring(JavaClasses sink) {
        KAFKA_ONLY_IN_ITS_PACKAGE_AND_THE_WIRING.check(sink);
    }
}
