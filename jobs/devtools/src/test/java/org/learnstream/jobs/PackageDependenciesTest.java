package org.learnstream.jobs;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package graph of the main code: no cycles, the library below what runs, and the product (what is deployed)
 * never reaching the tooling that develops and proves it. The layers are listed in the README ("Package rules").
 */
class PackageDependenciesTest {

  /** What is deployed: the Flink job, the ingest server, the notifier, replay, and the library they run on. */
  private static final String[] PRODUCT = {
      "org.learnstream.jobs.pipeline..", "org.learnstream.jobs.warning..", "org.learnstream.jobs.state..",
      "org.learnstream.jobs.kafka..", "org.learnstream.jobs.metrics..", "org.learnstream.jobs.notify..",
      "org.learnstream.jobs.replay..", "org.learnstream.jobs.config..", "org.learnstream.jobs.settings..",
      "org.learnstream.jobs.ingest",
      "org.learnstream.jobs.ingest.documents..", "org.learnstream.jobs.ingest.send..",
      "org.learnstream.pipeline.xapi..", "org.learnstream.pipeline.mastery..", "org.learnstream.pipeline.warning..",
      "org.learnstream.pipeline.clickhouse..", "org.learnstream.pipeline.kafka..",
      "org.learnstream.pipeline.deadletter..", "org.learnstream.pipeline.catalog..",
      "org.learnstream.pipeline.metrics..", "org.learnstream.pipeline.records.."};

  /** The services of {@code learnstream run}: given by address, or embedded ones found through an SPI. */
  private static final String RUNTIME = "org.learnstream.jobs.runtime..";
  private static final String EMBEDDED_SERVICES = "org.learnstream.pipeline.local..";

  /** What develops and proves the product: simulation, benchmarks, fault injection, alert scoring. */
  private static final String[] TOOLING = {
      "org.learnstream.pipeline.simulate..", "org.learnstream.pipeline.evaluation..",
      "org.learnstream.pipeline.bench..", "org.learnstream.pipeline.grafana..", EMBEDDED_SERVICES,
      "org.learnstream.jobs.bench..", "org.learnstream.jobs.chaos..", "org.learnstream.jobs.cluster..",
      "org.learnstream.jobs.ingest.bench..",
      "org.learnstream.jobs.devtools.."};

  /** The entry points: the verbs of an installation and the cluster main. */
  private static final String[] ENTRY_POINTS = {"org.learnstream.jobs.cli..", "org.learnstream.jobs"};

  private static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(new ImportOption.DoNotIncludeTests())
      // the library's test helpers reach this classpath as a test jar
      .withImportOption(location -> !location.contains("-tests.jar"))
      .importPackages("org.learnstream");

  @Test
  void theImportedClassesAreTheMainCodeOfTheLibraryAndOfWhatRuns() {
    assertThat(MAIN.containPackage("org.learnstream.pipeline.simulate")).isTrue();
    assertThat(MAIN.containPackage("org.learnstream.jobs.pipeline")).isTrue();
    assertThat(MAIN.contain(PackageDependenciesTest.class)).isFalse();
    assertThat(MAIN.stream().map(JavaClass::getSimpleName))
        .noneMatch(name -> name.endsWith("Test") || name.endsWith("ITCase"));
  }

  @Test
  void noPackageDependsOnItselfThroughOthers() {
    slices().matching("org.learnstream.(**)").should().beFreeOfCycles().check(MAIN);
  }

  @Test
  void theLibraryKnowsNothingOfWhatRunsIt() {
    noClasses().that().resideInAPackage("org.learnstream.pipeline..")
        .should().dependOnClassesThat().resideInAPackage("org.learnstream.jobs..")
        .check(MAIN);
  }

  @Test
  void theProductDependsOnNoToolingAndOnNoEntryPoint() {
    noClasses().that().resideInAnyPackage(PRODUCT)
        .should().dependOnClassesThat().resideInAnyPackage(TOOLING)
        .orShould().dependOnClassesThat().resideInAnyPackage(ENTRY_POINTS)
        .check(MAIN);
  }

  /**
   * The verbs of an installation and their runtime reach the tooling only through the {@code MoreVerbs} and
   * {@code EmbeddedServices} interfaces (that the runtime does not reach the verbs back is the cycle rule's).
   */
  @Test
  void theEntryPointsAndTheRuntimeDependOnNoTooling() {
    noClasses().that().resideInAnyPackage(ENTRY_POINTS).or().resideInAPackage(RUNTIME)
        .should().dependOnClassesThat().resideInAnyPackage(TOOLING)
        .check(MAIN);
  }
}
