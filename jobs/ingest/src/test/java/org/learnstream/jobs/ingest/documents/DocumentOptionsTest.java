package org.learnstream.jobs.ingest.documents;

import org.learnstream.jobs.settings.DocumentOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.jobs.config.ConfigException;
import org.learnstream.jobs.settings.LearnstreamConfig;

class DocumentOptionsTest {

  @Test
  void aDatabaseUrlOtherThanPostgresqlIsRefusedAtStartUpNamingTheSetting() {
    assertThatThrownBy(() -> LearnstreamConfig.load(null, Map.of("LEARNSTREAM_DOCUMENTS_URL", "jdbc:mysql://db/x")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("documents.url")
        .hasMessageContaining("jdbc:postgresql:");
  }

  @Test
  void aDocumentLimitOutsideItsRangeIsRefusedNamingTheRange() {
    assertThatThrownBy(() -> LearnstreamConfig.load(null, Map.of("LEARNSTREAM_DOCUMENTS_MAX_BYTES", "100")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("documents.max-bytes")
        .hasMessageContaining("between 1024 and " + DocumentLimits.MAX_DOCUMENT_BYTES);
  }

  @Test
  void withoutAUrlTheDocumentsLiveInAnEmbeddedDatabaseUnderTheDataDirectory(@TempDir Path dataDir) {
    Configuration config = LearnstreamConfig.load(null, Map.of("LEARNSTREAM_DOCUMENTS_MAX_BYTES", "2048"));

    try (DocumentDatabase db = DocumentDatabase.open(config, dataDir)) {
      assertThat(db.description()).contains(dataDir.resolve("documents").toString());
      assertThat(dataDir.resolve("documents").resolve("documents.mv.db")).exists();
    }
    assertThat(DocumentLimits.from(config).maxDocumentBytes()).isEqualTo(2048);
  }
}
