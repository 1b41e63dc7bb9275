package org.learnstream.pipeline.xapi;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * What sealing a statement needs from its JSON: the actor's canonical identifier ({@link ActorIdentifier#canonical})
 * and the event time ({@link StatementTimestamps#eventTime}), read in one streaming pass over the bytes. Only the
 * actor object becomes a (small) tree; every other member is skipped, so the cost does not grow with the context,
 * result or attachments a statement carries.
 *
 * @param canonicalActor empty when the bytes are no JSON object or name no actor with an identifier
 * @param eventTime timestamp, else stored, else the time received; {@link StatementTimestamps#NONE} for no object
 */
public record SealingFacts(Optional<String> canonicalActor, long eventTime) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SealingFacts NOT_AN_OBJECT = new SealingFacts(Optional.empty(), StatementTimestamps.NONE);

  /** The facts of {@code json}, a statement received at {@code receivedMillis}. */
  public static SealingFacts of(byte[] json, long receivedMillis) {
    JsonNode actor = null;
    long timestamp = Long.MIN_VALUE;
    long stored = Long.MIN_VALUE;
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return NOT_AN_OBJECT;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (value == JsonToken.START_OBJECT && "actor".equals(name)) {
          actor = p.readValueAsTree();
        } else if (value == JsonToken.VALUE_STRING && "timestamp".equals(name)) {
          // the first valid timestamp decides, as in StatementTimestamps
          timestamp = timestamp == Long.MIN_VALUE ? XapiSyntax.timestampMillis(p.getText()) : timestamp;
        } else if (value == JsonToken.VALUE_STRING && "stored".equals(name)) {
          stored = XapiSyntax.timestampMillis(p.getText());
        } else {
          p.skipChildren();
        }
      }
    } catch (IOException | RuntimeException notJson) {
      return NOT_AN_OBJECT;
    }
    long eventTime = timestamp != Long.MIN_VALUE ? timestamp : stored != Long.MIN_VALUE ? stored : receivedMillis;
    return new SealingFacts(Optional.ofNullable(Identifiers.canonicalIfi(actor)), eventTime);
  }
}
