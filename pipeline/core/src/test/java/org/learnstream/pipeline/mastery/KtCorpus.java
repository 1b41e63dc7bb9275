package org.learnstream.pipeline.mastery;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared knowledge-tracing corpus, named by the system property {@code learnstream.corpus} (the folder that
 * holds {@code kt/}). Unset or blank: corpus tests are skipped. Set to a missing folder: they fail. A relative
 * path is tried against the working directory (the module) and then its parent (the project root).
 */
public final class KtCorpus {

  private KtCorpus() {
  }

  public static Path file(String relativeToKt) {
    String setting = System.getProperty("learnstream.corpus");
    assumeTrue(setting != null && !setting.isBlank(),
        "learnstream.corpus is not set: corpus tests skipped (e.g. -Dlearnstream.corpus=/work/shared/corpus)");
    Path root = Path.of(setting);
    if (!root.isAbsolute() && !Files.isDirectory(root) && Path.of("").toAbsolutePath().getParent() != null) {
      Path fromProjectRoot = Path.of("").toAbsolutePath().getParent().resolve(setting);
      if (Files.isDirectory(fromProjectRoot)) {
        root = fromProjectRoot;
      }
    }
    if (!Files.isDirectory(root)) {
      fail("learnstream.corpus names " + root.toAbsolutePath()
          + ", which is not a folder: point it at the shared corpus (the folder holding kt/)");
    }
    Path file = root.resolve("kt").resolve(relativeToKt);
    if (!Files.isRegularFile(file)) {
      fail("the corpus at " + root.toAbsolutePath() + " lacks kt/" + relativeToKt);
    }
    return file;
  }

  /** Rows of a small reference CSV (quoted fields allowed), header included. */
  static List<List<String>> csv(Path file) throws IOException {
    List<List<String>> rows = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank()) {
        rows.add(ResponseCsvReader.split(line, ','));
      }
    }
    return rows;
  }
}
