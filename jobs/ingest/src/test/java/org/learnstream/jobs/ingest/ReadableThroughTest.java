package org.learnstream.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadableThroughTest {

  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private final HandClock clock = new HandClock(T0);
  private final StatementsServiceTest.MapStore store = new StatementsServiceTest.MapStore();
  private final ReadableThrough readable = new ReadableThrough(clock, store);

  private void land(String id) {
    store.byId.put(id, JsonNodeFactory.instance.objectNode().put("id", id));
  }

  private void accept(String id) {
    ReadableThrough.Stamp stamp = readable.open();
    readable.writing(stamp, "demo", List.of(id));
    readable.close(stamp);
  }

  @Test
  void aStatementWrittenIsReadByIdFromMemoryUntilItHasLandedAWhileAndThenFromTheStoreOnly() {
    byte[] json = "{\"id\":\"s1\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    accept("s1");
    readable.written("demo", List.of(new PreparedStatement("s1", "demo|a", json, null, false)));
    readable.check();

    assertThat(readable.unlanded("demo", "s1").map(UnlandedStatement::json)).contains(json);
    assertThat(readable.unlanded("other-tenant", "s1")).isEmpty();

    land("s1");
    readable.check();
    assertThat(readable.unlanded("demo", "s1").map(UnlandedStatement::json))
        .as("landed, while the store's other tables may lack it").contains(json);
    assertThat(readable.unlandedOf("demo")).map(UnlandedStatement::json).containsExactly(json);

    clock.advance(ReadableThrough.KEPT_AFTER_LANDING);
    readable.check();
    assertThat(readable.unlanded("demo", "s1")).isEmpty();
    assertThat(readable.unlandedOf("demo")).isEmpty();
  }

  @Test
  void aVoidingStatementNotLandedYetVoidsItsTargetUntilItHasLandedAWhile() {
    byte[] voiding = ("{\"id\":\"v1\",\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/voided\"},"
        + "\"object\":{\"objectType\":\"StatementRef\",\"id\":\"S1\"}}")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    accept("v1");
    readable.written("demo", List.of(new PreparedStatement("v1", "demo|a", voiding, null, false)));
    readable.check();

    assertThat(readable.voidedByUnlanded("demo", "s1")).isTrue();
    assertThat(readable.voidedByUnlanded("other-tenant", "s1")).isFalse();

    assertThat(readable.voidedByUnlanded("demo")).containsExactly("s1");

    land("v1");
    readable.check();
    clock.advance(ReadableThrough.KEPT_AFTER_LANDING);
    readable.check();
    assertThat(readable.voidedByUnlanded("demo", "s1")).as("from now on the store says so").isFalse();
    assertThat(readable.voidedByUnlanded("demo")).isEmpty();
  }

  @Test
  void aStatementReportedWrittenAfterItLandedIsNotKeptInMemory() {
    accept("s1");
    land("s1");
    readable.check();
    readable.written("demo", List.of(new PreparedStatement("s1", "demo|a", new byte[] {'{', '}'}, null, false)));

    readable.check();
    readable.check(); // the drain after next has every hand-over made before the statement was reported written

    assertThat(readable.unlanded("demo", "s1")).isEmpty();
  }

  @Test
  void aStatementWrittenWhileACheckAsksTheStoreIsReadFromMemoryUntilItHasLanded() {
    Runnable[] whileAsked = {() -> {
    }};
    StatementStore slow = new StatementStore() {
      @Override
      public java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> statements(String tenant,
          java.util.Collection<String> ids) {
        whileAsked[0].run(); // as a request answered while the check waits for a slow query
        return store.statements(tenant, ids);
      }

      @Override
      public boolean isVoided(String tenant, String id) {
        return false;
      }
    };
    ReadableThrough following = new ReadableThrough(clock, slow);
    ReadableThrough.Stamp earlier = following.open();
    following.writing(earlier, "demo", List.of("s0"));
    following.written("demo", List.of(new PreparedStatement("s0", "demo|a", new byte[] {'{', '}'}, null, false)));
    following.close(earlier);
    following.check();
    byte[] json = "{\"id\":\"s1\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    whileAsked[0] = () -> {
      whileAsked[0] = () -> {
      };
      ReadableThrough.Stamp stamp = following.open();
      following.writing(stamp, "demo", List.of("s1"));
      following.written("demo", List.of(new PreparedStatement("s1", "demo|a", json, null, false)));
      following.close(stamp);
    };

    following.check();
    assertThat(following.unlanded("demo", "s1")).as("handed over after this check's drain").isPresent();
    following.check();
    following.check();
    assertThat(following.unlanded("demo", "s1")).as("pending since the next drain").isPresent();

    land("s1");
    following.check();
    clock.advance(ReadableThrough.KEPT_AFTER_LANDING);
    following.check();
    assertThat(following.unlanded("demo", "s1")).isEmpty();
  }

  @Test
  void withoutAStoreNothingIsPromisedReadable() {
    try (ReadableThrough none = ReadableThrough.following(clock, StatementStore.NONE)) {
      ReadableThrough.Stamp stamp = none.open();
      none.close(stamp);
      assertThat(none.header()).isEqualTo("1970-01-01T00:00:00Z");
    }
  }

  @Test
  void anAcceptedStatementHoldsTheHeaderAtItsStoredTimeUntilTheStoreHasIt() {
    accept("a");
    clock.set(T0.plusSeconds(5));
    readable.check();
    assertThat(readable.header()).isEqualTo(T0.toString());

    land("a");
    readable.check();
    assertThat(readable.header()).isEqualTo(T0.plusSeconds(5).toString());
  }

  @Test
  void theEarliestStatementNotYetLandedDecides() {
    accept("a");
    clock.set(T0.plusSeconds(1));
    accept("b");
    clock.set(T0.plusSeconds(2));
    land("a");
    readable.check();
    assertThat(readable.header()).isEqualTo(T0.plusSeconds(1).toString());
  }

  @Test
  void aRequestStillBeingPreparedHoldsTheHeaderAtItsStamp() {
    ReadableThrough.Stamp stamp = readable.open();
    clock.set(T0.plusSeconds(3));
    readable.check();
    assertThat(readable.header()).isEqualTo(T0.toString());

    readable.close(stamp);
    readable.check();
    assertThat(readable.header()).isEqualTo(T0.plusSeconds(3).toString());
  }

  @Test
  void aFailedWriteNoLongerHoldsTheHeader() {
    ReadableThrough.Stamp stamp = readable.open();
    readable.writing(stamp, "demo", List.of("a"));
    readable.notWritten("demo", List.of("a"));
    readable.close(stamp);
    clock.set(T0.plusSeconds(2));
    readable.check();
    assertThat(readable.header()).isEqualTo(T0.plusSeconds(2).toString());
  }

  @Test
  void aStatementThatNeverLandsIsNoLongerWaitedForAfterTheGiveUpTime() {
    accept("lost");
    clock.set(T0.plus(ReadableThrough.GIVE_UP_AFTER).minusMillis(1));
    readable.check();
    assertThat(readable.header()).isEqualTo(T0.toString());

    clock.set(T0.plus(ReadableThrough.GIVE_UP_AFTER).plus(Duration.ofMillis(1)));
    readable.check();
    assertThat(readable.header()).isEqualTo(clock.instant().toString());
  }

  @Test
  void aStatementSetAsideAsADeadLetterNoLongerHoldsTheHeader() {
    accept("refused");
    accept("landing");
    clock.set(T0.plusSeconds(5));
    store.deadLettered.add("refused");
    readable.check();
    assertThat(readable.header()).isEqualTo(T0.toString());

    land("landing");
    readable.check();
    assertThat(readable.header()).isEqualTo(T0.plusSeconds(5).toString());
  }
}
