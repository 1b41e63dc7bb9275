package org.learnstream.pipeline.xapi;

import java.util.Optional;

/** The xAPI versions the validator knows; chosen from the {@code X-Experience-API-Version} header. */
public enum XapiVersion {
  V1_0_3,
  V2_0_0;

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
}
