package dev.portolan;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of the operator's main classes: no package cycles, and the layers in the order
 * the package names say, each using only those below it. The README's layout section and
 * docs/architecture.md describe the same order.
 *
 * <p>It reads the classes of this build; {@code -Darchunit.classes=<dir>} points it at another
 * build's classes, which is how it was shown to fail on the cycles of commit 2143e2d.
 */
class LayersTest {
  private static final String ROOT = "dev.portolan";
  private static final List<String> FEATURES =
      List.of("scorecard", "discovery", "action", "search", "initiative", "automation");

  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    String elsewhere = System.getProperty("archunit.classes");
    ClassFileImporter importer =
        new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS);
    classes =
        elsewhere != null ? importer.importPath(Path.of(elsewhere)) : importer.importPackages(ROOT);
  }

  @Test
  void everyClassIsInOneOfTheLayers() {
    classes()
        .should()
        .resideInAnyPackage(
            ROOT,
            ROOT + ".kit..",
            ROOT + ".model..",
            ROOT + ".cel..",
            ROOT + ".catalog..",
            ROOT + ".scorecard..",
            ROOT + ".discovery..",
            ROOT + ".action..",
            ROOT + ".search..",
            ROOT + ".initiative..",
            ROOT + ".automation..",
            ROOT + ".guardrail..",
            ROOT + ".waiver..",
            ROOT + ".controller..",
            ROOT + ".web..",
            ROOT + ".cli..")
        .because("a new package takes its place in the layers (docs/architecture.md says where)")
        .check(classes);
  }

  @Test
  void theProductionClassesCarryNoInMemoryApiServer() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.fabric8.kubernetes.client.server.mock..",
            "io.fabric8.mockwebserver..",
            ROOT + ".embedded..")
        .because(
            "the embedded demo and its mock API server are the demo module's, not the operator jar's")
        .check(classes);
  }

  @Test
  void noPackageIsInACycle() {
    slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(classes);
  }

  @Test
  void eachLayerUsesOnlyTheLayersBelowIt() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("Kit")
        .definedBy(ROOT + ".kit..")
        .layer("Model")
        .definedBy(ROOT + ".model..")
        .layer("Cel")
        .definedBy(ROOT + ".cel..")
        .layer("Catalog")
        .definedBy(ROOT + ".catalog..")
        .layer("Features")
        .definedBy(FEATURES.stream().map(f -> ROOT + "." + f + "..").toArray(String[]::new))
        // The packages that combine features (guardrails grade workloads with scorecards; waivers
        // change grades and share the Actions' admission records).
        .layer("Guardrail")
        .definedBy(ROOT + ".guardrail..", ROOT + ".waiver..")
        .layer("Controller")
        .definedBy(ROOT + ".controller..")
        .layer("Web")
        .definedBy(ROOT + ".web..")
        .layer("Main")
        .definedBy(ROOT, ROOT + ".cli..")
        .whereLayer("Main")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("Web")
        .mayOnlyBeAccessedByLayers("Main")
        .whereLayer("Controller")
        .mayOnlyBeAccessedByLayers("Main")
        .whereLayer("Guardrail")
        .mayOnlyBeAccessedByLayers("Controller", "Web", "Main")
        .whereLayer("Features")
        .mayOnlyBeAccessedByLayers("Guardrail", "Controller", "Web", "Main")
        .whereLayer("Catalog")
        .mayOnlyBeAccessedByLayers("Features", "Guardrail", "Controller", "Web", "Main")
        .whereLayer("Cel")
        .mayOnlyBeAccessedByLayers("Catalog", "Features", "Guardrail", "Controller", "Web", "Main")
        .whereLayer("Model")
        .mayOnlyBeAccessedByLayers("Catalog", "Features", "Guardrail", "Controller", "Web", "Main")
        .whereLayer("Kit")
        .mayOnlyBeAccessedByLayers("Catalog", "Features", "Guardrail", "Controller", "Web", "Main")
        .check(classes);
  }

  @Test
  void theFeaturePackagesDoNotUseEachOther() {
    for (String feature : FEATURES) {
      String[] others =
          FEATURES.stream()
              .filter(f -> !f.equals(feature))
              .map(f -> ROOT + "." + f + "..")
              .toArray(String[]::new);
      noClasses()
          .that()
          .resideInAPackage(ROOT + "." + feature + "..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(others)
          .because(
              "the domain packages stand on kit, model, cel and catalog only; what combines them is a"
                  + " controller or a view")
          .check(classes);
    }
  }

  @Test
  void theWebLayerIsLayeredToo() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("Errors")
        .definedBy(ROOT + ".web.error..")
        .layer("Http")
        .definedBy(ROOT + ".web.http..")
        .layer("Auth")
        .definedBy(ROOT + ".web.auth..")
        .layer("Views")
        .definedBy(ROOT + ".web.view..")
        .layer("Api")
        .definedBy(ROOT + ".web.api..")
        .layer("Ui")
        .definedBy(ROOT + ".web.ui..")
        .layer("Server")
        .definedBy(ROOT + ".web")
        .whereLayer("Server")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("Api")
        .mayOnlyBeAccessedByLayers("Server")
        .whereLayer("Ui")
        .mayOnlyBeAccessedByLayers("Server")
        .whereLayer("Views")
        .mayOnlyBeAccessedByLayers("Api", "Ui", "Server")
        .whereLayer("Auth")
        .mayOnlyBeAccessedByLayers("Views", "Api", "Ui", "Server")
        .whereLayer("Http")
        .mayOnlyBeAccessedByLayers("Api", "Ui", "Server")
        .whereLayer("Errors")
        .mayOnlyBeAccessedByLayers("Http", "Auth", "Views", "Api", "Ui", "Server")
        .check(classes);
  }

  @Test
  void onlyTheRoutesPagesAndServerKnowTheHttpRequest() {
    noClasses()
        .that()
        .resideOutsideOfPackages(
            ROOT + ".web",
            ROOT + ".web.api..",
            ROOT + ".web.ui..",
            ROOT + ".web.auth..",
            ROOT + ".web.admission..",
            ROOT + ".web.http..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.javalin..")
        .because("services and views take the caller (web.auth.Caller), not Javalin's Context")
        .check(classes);
  }
}
