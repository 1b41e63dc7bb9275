package org.learnstream.jobs.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.learnstream.pipeline.catalog.CaseFramework;
import org.learnstream.pipeline.catalog.CaseFrameworkReader;
import org.learnstream.pipeline.clickhouse.FrameworkCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code learnstream skills import FILE|URL}: a CASE framework into framework_skills and skill_ancestors. */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = {"Import a skill framework from 1EdTech CASE JSON (a CFPackage, or CFDocument, CFItems and "
        + "CFAssociations at the top level) into the skill catalog of the ClickHouse server of clickhouse.url: "
        + "each CFItem becomes a skill (its uri and identifier, humanCodingScheme as code, fullStatement as name), "
        + "isChildOf associations its place in the hierarchy.",
        "Each import is a new version of the framework (named by its CFDocument identifier); earlier versions stay. "
            + "The whole file is checked first: a malformed one is refused with the JSON pointer of the problem and "
            + "nothing is loaded."})
final class SkillsImportCommand implements Callable<Integer> {

  private static final Duration DOWNLOAD_TIMEOUT = Duration.ofSeconds(60);

  @Spec
  CommandSpec spec;

  @Mixin
  ConfigMixin config;

  @Parameters(index = "0", paramLabel = "FILE|URL",
      description = "The CASE JSON: a file, or an http(s) URL such as a CASE server's "
          + ".../ims/case/v1p0/CFPackages/{identifier}.")
  String source;

  @Override
  public Integer call() throws IOException, InterruptedException {
    // the file is checked before the server, so that a broken file is named even when the server is down
    CaseFramework framework = CaseFrameworkReader.read(download(), source);
    FrameworkCatalog.Imported imported = SkillsClickHouse.with(config, "skills import",
        (client, database) -> new FrameworkCatalog(client, database).load(framework, source, Instant.now()));
    PrintWriter out = spec.commandLine().getOut();
    out.println("framework " + imported.framework() + " (" + framework.title() + ") version " + imported.version()
        + ": " + imported.items() + " skills, " + imported.ancestries() + " skill-ancestor pairs");
    out.flush();
    return 0;
  }

  private byte[] download() throws IOException, InterruptedException {
    if (!source.startsWith("http://") && !source.startsWith("https://")) {
      try {
        return Files.readAllBytes(Path.of(source));
      } catch (NoSuchFileException e) {
        throw new IllegalArgumentException("no file " + source + " (give a CASE JSON file or an http(s) URL)");
      }
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Reachability.CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NORMAL).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create(source)).timeout(DOWNLOAD_TIMEOUT)
        .header("Accept", "application/json").GET().build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new Unreachable("cannot download " + source + " (" + e + "); check the URL and the network");
    }
    if (response.statusCode() != 200) {
      throw new IllegalArgumentException("download of " + source + " answered HTTP " + response.statusCode()
          + "; the URL must return the CASE JSON");
    }
    return response.body();
  }
}
