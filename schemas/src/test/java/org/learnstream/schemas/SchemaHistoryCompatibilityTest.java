package org.learnstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every contract must read data written by each of its earlier versions, kept in schemas/history/NAME/vN.avsc,
 * so a consumer upgraded first never fails on records already in the log.
 */
class SchemaHistoryCompatibilityTest {

  private static final Path CURRENT = Path.of(System.getProperty("schemas.dir", "src/main/avro"));
  private static final Path HISTORY = Path.of(System.getProperty("schemas.history", "history"));

  @TestFactory
  Stream<DynamicTest> eachCurrentSchemaReadsEveryEarlierVersion() throws IOException {
    return currentSchemas().stream().flatMap(current -> {
      Schema reader = parse(current);
      return historyOf(reader.getName()).stream().map(old -> DynamicTest.dynamicTest(
          reader.getName() + " reads " + old.getFileName(), () -> {
            var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, parse(old));
            assertThat(result.getType())
                .as("%s cannot read %s: %s", reader.getName(), old, result.getResult().getIncompatibilities())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
          }));
    });
  }

  @Test
  void everyCurrentSchemaHasItsFirstVersionKeptInHistory() throws IOException {
    for (Path current : currentSchemas()) {
      String name = parse(current).getName();
      assertThat(HISTORY.resolve(name).resolve("v1.avsc"))
          .as("history of %s: copy the released schema to history/%s/v1.avsc", name, name)
          .exists();
    }
  }

  @Test
  void generatedClassesMatchTheCurrentSchemas() {
    // The generator adds avro.java.string properties; the canonical form compares what goes on the wire.
    assertSameWireSchema(LearningEvent.getClassSchema(), CURRENT.resolve("LearningEvent.avsc"));
    assertSameWireSchema(MasteryUpdate.getClassSchema(), CURRENT.resolve("MasteryUpdate.avsc"));
    assertSameWireSchema(DeadLetter.getClassSchema(), CURRENT.resolve("DeadLetter.avsc"));
    assertSameWireSchema(SkillParameters.getClassSchema(), CURRENT.resolve("SkillParameters.avsc"));
    assertSameWireSchema(SkillMapping.getClassSchema(), CURRENT.resolve("SkillMapping.avsc"));
  }

  private static void assertSameWireSchema(Schema generated, Path file) {
    assertThat(SchemaNormalization.toParsingForm(generated))
        .as("generated class of %s", file)
        .isEqualTo(SchemaNormalization.toParsingForm(parse(file)));
  }

  private static List<Path> currentSchemas() throws IOException {
    try (Stream<Path> files = Files.list(CURRENT)) {
      List<Path> found = files.filter(p -> p.toString().endsWith(".avsc")).sorted().toList();
      assertThat(found).as("schemas in %s", CURRENT).isNotEmpty();
      return found;
    }
  }

  private static List<Path> historyOf(String name) {
    Path dir = HISTORY.resolve(name);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".avsc")).sorted().toList();
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + dir, e);
    }
  }

  private static Schema parse(Path file) {
    try {
      return new Schema.Parser().parse(file.toFile());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read schema " + file, e);
    }
  }
}
