package dev.agentwatch.gateway.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The gateway imports one way: {@code http} (routes) over {@code intake} (the stages every event passes) over the
 * parts that know one thing each ({@code json}, {@code otlp}, {@code auth}, {@code kafka}, {@code metrics}), which
 * import none of the gateway's other packages. The root package only wires them together.
 */
@AnalyzeClasses(packages = "dev.agentwatch.gateway", importOptions = ImportOption.DoNotIncludeTests.class)
class GatewayArchitectureTest {

    private static final String ROOT = "dev.agentwatch.gateway";

    // Methods, not @ArchTest fields: surefire 3.5.3 does not run fields (TNG/ArchUnit#1442).
    @ArchTest
    void noPackageCycles(JavaClasses classes) {
        slices().matching("dev.agentwatch.gateway.(*)..").should().beFreeOfCycles().check(classes);
    }

    @ArchTest
    void routesOverIntakeOverParts(JavaClasses classes) {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("wiring").definedBy(ROOT)
                .layer("http").definedBy(ROOT + ".http..")
                .layer("intake").definedBy(ROOT + ".intake..")
                .layer("parts").definedBy(ROOT + ".json..", ROOT + ".otlp..", ROOT + ".auth..", ROOT + ".kafka..",
                        ROOT + ".metrics..")
                .whereLayer("wiring").mayNotBeAccessedByAnyLayer()
                .whereLayer("http").mayOnlyBeAccessedByLayers("wiring")
                .whereLayer("intake").mayOnlyBeAccessedByLayers("wiring", "http")
                .check(classes);
    }

    @ArchTest
    void eachPartKnowsOnlyItself(JavaClasses classes) {
        for (String part : new String[] {"json", "otlp", "auth", "kafka", "metrics"}) {
            com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
                    .that().resideInAPackage(ROOT + "." + part + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(otherParts(part))
                    .check(classes);
        }
    }

    private static String[] otherParts(String part) {
        return java.util.stream.Stream.of("json", "otlp", "auth", "kafka", "metrics", "http", "intake")
                .filter(p -> !p.equals(part)).map(p -> ROOT + "." + p + "..").toArray(String[]::new);
    }
}
