package org.learnstream.pipeline.mastery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResponseCsvReaderTest {

  @TempDir
  Path dir;

  @Test
  void groupsPerSkillAndLearnerOrderedByOrderColumnKeepingFileOrderOnTies() throws IOException {
    Path file = write("as.csv", """
        order_id,user_id,skill_name,correct,answer_text
        30,u1,Box,1,"61,69"
        10,u1,Box,0,x
        20,u2,Box,1,"a ""b"" c"
        10,u1,Table,1,x
        10,u1,Table,0,tie keeps file order
        5,u1,Box,1,x
        7,u3,,1,no skill
        """);
    ResponseTable table = ResponseCsvReader.read(file,
        new ColumnMapping("user_id", "skill_name", "correct", "order_id", null, null));

    assertThat(table.skippedRows()).isEqualTo(1);
    assertThat(table.responseCount()).isEqualTo(6);
    ResponseTable.SkillSequences box = table.skill("Box").orElseThrow();
    assertThat(box.users()).containsExactly("u1", "u2");
    assertThat(box.starts()).containsExactly(0, 3, 4);
    assertThat(box.correct()).containsExactly(1, 0, 1, 1); // u1 by order 5, 10, 30; then u2
    ResponseTable.SkillSequences tableSkill = table.skill("Table").orElseThrow();
    assertThat(tableSkill.correct()).containsExactly(1, 0);
  }

  @Test
  void detectsTabsAndReadsThePreprocessedPreset() throws IOException {
    Path file = write("train.csv", "user_id\titem_id\ttimestamp\tcorrect\tskill_id\n"
        + "0\t12\t0\t0\t143\n0\t13\t0\t1\t143\n1\t12\t0\t1\t143\n1\t14\t0\t1\t7\n");
    ResponseTable table = ResponseCsvReader.read(file, ColumnMapping.LPP_TSV);
    assertThat(table.skills()).extracting(ResponseTable.SkillSequences::skill).containsExactly("143", "7");
    assertThat(table.skill("143").orElseThrow().correct()).containsExactly(0, 1, 1);
    assertThat(table.sequenceCount()).isEqualTo(3);
  }

  @Test
  void theLogHoldsEachLearnersResponsesInOrderAcrossSkillsWithTheirItems() throws IOException {
    Path file = write("as.csv", """
        order_id,user_id,skill_name,correct,problem_id
        30,u1,Box,1,p3
        10,u2,Table,0,p1
        20,u1,Table,0,p2
        10,u1,Box,1,p1
        """);
    ResponseLog log = new ResponseCsvReader(ColumnMapping.ASSISTMENTS_RAW).readLog(file);

    assertThat(log.responseCount()).isEqualTo(4);
    assertThat(log.correct()).containsExactly(1, 0, 1, 0); // u1 by order 10, 20, 30; then u2
    assertThat(IntStream.range(0, 4).mapToObj(log::item)).containsExactly("p1", "p2", "p3", "p1");
    assertThat(IntStream.range(0, 4).mapToObj(log::skill))
        .containsExactly("Box", "Table", "Box", "Table");
    assertThat(IntStream.range(0, 4).mapToObj(log::startsLearner))
        .containsExactly(true, false, false, true);
  }

  @Test
  void aFileWithoutTheItemColumnIsReadWithoutItems() throws IOException {
    Path file = write("noitem.csv", "order_id,user_id,skill_name,correct\n1,u1,Box,1\n");
    ResponseLog log = new ResponseCsvReader(ColumnMapping.ASSISTMENTS_RAW).readLog(file);

    assertThat(log.item(0)).isNull();
    assertThat(log.skill(0)).isEqualTo("Box");
  }

  @Test
  void namesTheMissingColumnAndTheOptionToSetIt() throws IOException {
    Path file = write("x.csv", "user,skill,right\nu,s,1\n");
    assertThatThrownBy(() -> ResponseCsvReader.read(file, ColumnMapping.ASSISTMENTS_RAW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no user column 'user_id'")
        .hasMessageContaining("--user-col")
        .hasMessageContaining("[user, skill, right]");
  }

  @Test
  void namesTheLineOfAnUnreadableCorrectValue() throws IOException {
    Path file = write("x.csv", "user_id,skill_name,correct,order_id\nu,s,1,1\nu,s,0.5,2\n");
    assertThatThrownBy(() -> ResponseCsvReader.read(file, ColumnMapping.ASSISTMENTS_RAW))
        .hasMessageContaining("line 3")
        .hasMessageContaining("correct must be 1 or 0");
  }

  @Test
  void reportsAMissingFile() {
    assertThatThrownBy(() -> ResponseCsvReader.read(dir.resolve("absent.csv"), ColumnMapping.LPP_TSV))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("absent.csv");
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }
}
