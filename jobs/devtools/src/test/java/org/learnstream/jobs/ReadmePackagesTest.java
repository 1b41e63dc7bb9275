package org.learnstream.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README's "Where things live" lists every package of the library and of what runs, in its module, and no other. */
class ReadmePackagesTest {

  private static final Path ROOT = Path.of("..", "..");
  private static final Pattern ROW = Pattern.compile("^\\| (`[a-z.]+`|\\(root\\)) \\| `([a-z-]+)` \\|",
      Pattern.MULTILINE);

  @Test
  void thePipelineTableNamesEveryPackageOfOrgLearnstreamPipelineWithItsModule() throws IOException {
    assertThat(rows(table("`pipeline/` packages:", "`jobs/` packages:"))).isEqualTo(packages("pipeline"));
  }

  @Test
  void theJobsTableNamesEveryPackageOfOrgLearnstreamJobsWithItsModule() throws IOException {
    assertThat(rows(table("`jobs/` packages:", "\n## "))).isEqualTo(packages("jobs"));
  }

  /**
   * The packages under org.learnstream.{@code prefix} that hold Java sources, relative to it ("" for itself), each
   * with the module folder that holds it.
   */
  private static Map<String, String> packages(String prefix) throws IOException {
    Map<String, String> packages = new TreeMap<>();
    String marker = "/src/main/java/org/learnstream/" + prefix + "/";
    try (Stream<Path> files = Files.walk(ROOT)) {
      files.filter(file -> file.toString().endsWith(".java"))
          .map(ROOT::relativize)
          .map(Path::toString)
          .filter(file -> file.contains(marker))
          .forEach(file -> {
            String modulePath = file.substring(0, file.indexOf(marker));
            String module = modulePath.substring(modulePath.lastIndexOf('/') + 1);
            String dir = file.substring(file.indexOf("org/learnstream/" + prefix + "/"), file.lastIndexOf('/'));
            String pkg = dir.replace('/', '.').substring(("org.learnstream." + prefix).length());
            String previous = packages.put(pkg.startsWith(".") ? pkg.substring(1) : pkg, module);
            assertThat(previous).as("package " + pkg + " lives in one module").isIn(null, module);
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

  /** Package (without backquotes, "" for the root row) to module, as the table's rows give them. */
  private static Map<String, String> rows(String table) {
    Map<String, String> rows = new TreeMap<>();
    Matcher row = ROW.matcher(table);
    while (row.find()) {
      String pkg = row.group(1).equals("(root)") ? "" : row.group(1).replace("`", "");
      rows.put(pkg, row.group(2));
    }
    return rows;
  }
}
