package org.learnstream.pipeline.clickhouse;

import com.clickhouse.client.api.Client;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads (String key, Nullable(Float64) value) pairs in RowBinary, the only exact way to get doubles back. */
final class RowBinaryReads {

  private RowBinaryReads() {
  }

  static Map<String, Double> keyedDoubles(Client client, String sqlSelectingKeyAndNullableDouble) throws Exception {
    byte[] bytes;
    try (var response = client.query(sqlSelectingKeyAndNullableDouble + " FORMAT RowBinary").get();
        InputStream in = response.getInputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      in.transferTo(out);
      bytes = out.toByteArray();
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    Map<String, Double> values = new LinkedHashMap<>();
    while (buf.hasRemaining()) {
      long length = 0;
      int shift = 0;
      byte b;
      do {
        b = buf.get();
        length |= (long) (b & 0x7F) << shift;
        shift += 7;
      } while ((b & 0x80) != 0);
      byte[] key = new byte[(int) length];
      buf.get(key);
      boolean isNull = buf.get() != 0;
      values.put(new String(key, StandardCharsets.UTF_8), isNull ? null : buf.getDouble());
    }
    return values;
  }
}
