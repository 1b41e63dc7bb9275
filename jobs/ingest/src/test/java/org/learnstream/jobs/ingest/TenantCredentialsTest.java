package org.learnstream.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TenantCredentialsTest {

  private static String basic(String user, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void mapsKeysToTenantsFromAYamlFileWithDigestsAndEnvironmentSecrets(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("credentials.yaml");
    // sha256("test")
    Files.writeString(file, """
        tenants:
          school-a:
            - key: lms
              secretSha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
          school-b:
            - key: quiz
              secretEnv: QUIZ_SECRET
        """);

    TenantCredentials credentials = TenantCredentials.load(file, Map.of("QUIZ_SECRET", "s3cret")::get);

    assertThat(credentials.authenticate(basic("lms", "test"))).get()
        .extracting(TenantCredentials.Principal::tenant).isEqualTo("school-a");
    assertThat(credentials.authenticate(basic("quiz", "s3cret"))).get()
        .extracting(TenantCredentials.Principal::tenant).isEqualTo("school-b");
    assertThat(credentials.authenticate(basic("lms", "wrong"))).isEmpty();
    assertThat(credentials.authenticate(basic("nobody", "test"))).isEmpty();
    assertThat(credentials.authenticate("Bearer abc")).isEmpty();
  }

  @Test
  void refusesAnEntryWithoutASecretSourceNamingTheEntry(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("credentials.yaml");
    Files.writeString(file, "tenants:\n  school-a:\n    - key: lms\n      secret: plain\n");

    assertThatThrownBy(() -> TenantCredentials.load(file, k -> null))
        .hasMessageContaining("tenants.school-a[0]").hasMessageContaining("secretSha256 or secretEnv");
  }

  @Test
  void developmentDefaultAcceptsDemoDemo() {
    assertThat(TenantCredentials.developmentDefault().authenticate(basic("demo", "demo"))).get()
        .extracting(TenantCredentials.Principal::tenant).isEqualTo("demo");
  }
}
