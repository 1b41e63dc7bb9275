package org.learnstream.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README's "Where things live" lists every package of the library and of what runs, and no other. */
class ReadmePackagesTest {

  private static final Path ROOT = Path.of("..");
  private static final Pattern ROW = Pattern.compile("^\\| `([a-z.]+)` \\|", Pattern.MULTILINE);
  private static final String ROOT_ROW = "| (root) |";

  @Test
  void thePipelineTableNamesEveryPackageOfOrgLearnstreamPipeline() throws IOException {
    assertThat(rows(table("`pipeline/` packages:", "`jobs/` packages:"))).isEqualTo(packages("pipeline"));
  }

  @Test
  void theJobsTableNamesEveryPackageOfOrgLearnstreamJobs() throws IOException {
    String table = table("`jobs/` packages:", "\n## ");
    Set<String> rows = rows(table);
    if (table.contains(ROOT_ROW)) {
      rows.add("");
    }
    assertThat(rows).isEqualTo(packages("jobs"));
  }

  /** The packages under org.learnstream.{@code prefix} that hold Java sources, relative to it ("" for itself). */
  private static Set<String> packages(String prefix) throws IOException {
    Set<String> packages = new TreeSet<>();
    try (Stream<Path> files = Files.walk(ROOT)) {
      files.filter(file -> file.toString().endsWith(".java"))
          .map(ROOT::relativize)
          .map(Path::toString)
          .filter(file -> file.contains("src/main/java/org/learnstream/" + prefix + "/"))
          .forEach(file -> {
            String dir = file.substring(file.indexOf("org/learnstream/" + prefix + "/"), file.lastIndexOf('/'));
            String pkg = dir.replace('/', '.').substring(("org.learnstream." + prefix).length());
            packages.add(pkg.startsWith(".") ? pkg.substring(1) : pkg);
          });
    }
    assertThat(packages).as("packages of org.learnstream." + prefix).isNotEmpty();
    return packages;
  }

  private static String table(String from, String to) throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    int start = readme.indexOf(from);
    assertThat(start).as("README section " + from).isNotNegative();
    int end = readme.indexOf(to, start + from.length());
    return readme.substring(start, end < 0 ? readme.length() : end);
  }

  private static Set<String> rows(String table) {
    Set<String> rows = new TreeSet<>();
    Matcher row = ROW.matcher(table);
    while (row.find()) {
      rows.add(row.group(1));
    }
    return rows;
  }
}
