package org.learnstream.jobs.ingest;

import java.util.List;
import java.util.Optional;
import org.learnstream.pipeline.xapi.Violation;
import org.learnstream.pipeline.xapi.XapiVersion;

/** The X-Experience-API-Version header rules: 1.0.x and 2.0.0 are accepted, and echoed back. */
public final class XapiVersionHeader {

  public static final String NAME = "X-Experience-API-Version";
  /** The versions {@code GET /xapi/about} reports. */
  public static final List<String> SUPPORTED = List.of("1.0.0", "1.0.1", "1.0.2", "1.0.3", "2.0.0");
  /** The version answers carry when the request named none this server supports: the newest one. */
  public static final String LATEST = "2.0.0";

  private XapiVersionHeader() {
  }

  public static Optional<XapiVersion> parse(String header) {
    return XapiVersion.fromHeader(header);
  }

  /** The problem to report for a header {@link #parse} refused. */
  public static Violation problem(String header) {
    if (header == null || header.isBlank()) {
      return new Violation("header:" + NAME, "version.required",
          "every request needs the " + NAME + " header, e.g. '" + NAME + ": 1.0.3'");
    }
    return new Violation("header:" + NAME, "version.supported",
        "version '" + header.trim() + "' is not supported; send one of 1.0.0, 1.0.1, 1.0.2, 1.0.3 or 2.0.0");
  }

  /** The statement {@code version} an LRS sets when the client left it out. */
  public static String statementVersionFor(XapiVersion version) {
    return version == XapiVersion.V2_0_0 ? "2.0.0" : "1.0.0";
  }
}
