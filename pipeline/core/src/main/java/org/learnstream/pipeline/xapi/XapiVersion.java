package org.learnstream.pipeline.xapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The xAPI rule sets the validator knows. One choice serves the endpoint and the stream alike: a statement is held to
 * the rules of the version it declares in its {@code version} member, and one that declares none to the rules of the
 * request that carried it (the {@code X-Experience-API-Version} header; the endpoint stamps that version into it, so
 * the stream later reads the same choice from the statement).
 */
public enum XapiVersion {
  V1_0_3, V2_0_0;

  /** "1.0" and "1.0.0" .. "1.0.3" map to {@link #V1_0_3}; "2.0.0" (and "2.0") to {@link #V2_0_0}; else empty. */
  public static Optional<XapiVersion> fromHeader(String headerValue) {
    if (headerValue == null) {
      return Optional.empty();
    }
    return switch (headerValue.trim()) {
      case "1.0", "1.0.0", "1.0.1", "1.0.2", "1.0.3" -> Optional.of(V1_0_3);
      case "2.0", "2.0.0" -> Optional.of(V2_0_0);
      default -> Optional.empty();
    };
  }

  /**
   * The rules for {@code statement} in a request of this version. A 1.0.x request keeps the 1.0.x rules whatever the
   * statement declares (a declared "2.0.0" is then refused as a version 1.0.x does not know). A 2.0 request accepts
   * statements declaring 1.0.x, as xAPI 2.0 requires, and holds them to the 1.0.x rules they claim, so that what the
   * endpoint accepts is exactly what the stream, choosing by the declared version, accepts too.
   */
  public XapiVersion rulesFor(JsonNode statement) {
    if (this == V1_0_3) {
      return V1_0_3;
    }
    String declared = declared(statement);
    return declared != null && declared.startsWith("1.") ? V1_0_3 : V2_0_0;
  }

  /**
   * The rules for a statement read without a request, as the stream reads Kafka: "2.0.x" selects the 2.0 rules, any
   * other declared version the 1.0.x rules (which refuse what is not 1.0.x), and no declared version
   * {@code undeclared}.
   */
  public static XapiVersion declaredBy(JsonNode statement, XapiVersion undeclared) {
    String declared = declared(statement);
    if (declared == null) {
      return undeclared;
    }
    return XapiSyntax.isVersion(declared, V2_0_0) && !XapiSyntax.isVersion(declared, V1_0_3) ? V2_0_0 : V1_0_3;
  }

  /** The statement's {@code version} member when it is a string, else null (the validator words what else it is). */
  private static String declared(JsonNode statement) {
    JsonNode version = statement == null ? null : statement.get("version");
    return version != null && version.isTextual() ? version.textValue() : null;
  }
}
