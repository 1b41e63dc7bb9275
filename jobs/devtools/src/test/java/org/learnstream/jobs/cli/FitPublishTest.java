package org.learnstream.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.learnstream.pipeline.kafka.AvroCodec;
import org.learnstream.pipeline.kafka.TopicAdmin;
import org.learnstream.pipeline.kafka.TopicSpec;
import org.learnstream.pipeline.kafka.Topics;
import org.learnstream.pipeline.mastery.SkillParameterSet;
import org.learnstream.pipeline.testing.KafkaExtension;
import org.learnstream.schemas.SkillParameters;
import picocli.CommandLine;

/** {@code fit --kafka} (formerly --publish-to) writes the fitted set to skill.parameters as well as the file. */
class FitPublishTest {

  @RegisterExtension
  static final KafkaExtension KAFKA = new KafkaExtension();

  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"--kafka", "--publish-to"})
  void publishesOneRecordPerSkillPlusTheDefaultsKeyedBySkill(String flag) throws Exception {
    StringBuilder csv = new StringBuilder("order_id,user_id,skill_name,correct\n");
    Random random = new Random(3);
    int order = 0;
    for (String skill : List.of("Fractions", "Decimals")) {
      for (int u = 0; u < 40; u++) {
        for (int a = 0; a < 8; a++) {
          csv.append(++order).append(",u").append(u).append(',').append(skill).append(',')
              .append(random.nextDouble() < 0.3 + a * 0.07 ? 1 : 0).append('\n');
        }
      }
    }
    Path responses = Files.writeString(dir.resolve("responses.csv"), csv);
    Path params = dir.resolve("params.json");
    String prefix = "fit" + System.nanoTime() + ".";
    TopicAdmin.ensure(KAFKA.bootstrapServers(), List.of(new TopicSpec(prefix + Topics.SKILL_PARAMETERS, 1, true,
        java.util.Optional.empty())));

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new FitCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute("--responses", responses.toString(), "--format", "assistments-raw", "--restarts", "2",
        "--id", "district-fit", "--out", params.toString(), flag, KAFKA.bootstrapServers(),
        "--topic-prefix", prefix);

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("published 3 records (2 skills + defaults)");
    if (flag.equals("--publish-to")) {
      assertThat(err.toString().strip())
          .isEqualTo("fit: --publish-to is deprecated and goes in the next release; use --kafka");
    } else {
      assertThat(err.toString()).isEmpty();
    }
    List<ConsumerRecord<byte[], byte[]>> records = KAFKA.readAll(prefix + Topics.SKILL_PARAMETERS, 3,
        Duration.ofSeconds(30));
    AvroCodec<SkillParameters> codec = AvroCodec.of(SkillParameters.class);
    SkillParameterSet written = SkillParameterSet.read(params);
    assertThat(records).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
        .containsExactlyInAnyOrder("*", "Fractions", "Decimals");
    for (ConsumerRecord<byte[], byte[]> record : records) {
      SkillParameters published = codec.decode(record.value());
      assertThat(published.getParameterSetId()).isEqualTo("district-fit");
      var expected = published.getSkill().equals("*") ? written.defaults() : written.forSkill(published.getSkill());
      assertThat(published.getPrior()).isEqualTo(expected.prior());
      assertThat(published.getSlip()).isEqualTo(expected.slip());
    }
  }
}
