package org.learnstream.pipeline.clickhouse;

import java.time.Instant;
import java.util.List;
import org.learnstream.pipeline.warning.ClassPattern;

/**
 * {@link ClassPattern} -> {@code class_patterns}. A missing course, section or skill (learner-wide rules have no
 * skill) is stored as {@code ''}, since these columns are the table's key.
 */
public final class ClassPatternEncoder implements RowEncoder<ClassPattern> {

  private static final List<String> COLUMNS = List.of("tenant", "course", "section", "rule", "skill", "start",
      "start_ms", "at", "at_ms", "alerted_learners", "class_learners");

  @Override
  public String table() {
    return "class_patterns";
  }

  @Override
  public List<String> columns() {
    return COLUMNS;
  }

  @Override
  public void write(ClassPattern p, RowBinaryOutput out) {
    out.string(p.tenant()).string(orEmpty(p.course())).string(orEmpty(p.section())).string(p.rule())
        .string(orEmpty(p.skill()))
        .dateTime(Instant.ofEpochMilli(p.start())).uint64(p.start())
        .dateTime(Instant.ofEpochMilli(p.at())).uint64(p.at())
        .uint32(p.alertedLearners()).uint32(p.classLearners());
  }

  @Override
  public String tenant(ClassPattern row) {
    return row.tenant();
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
