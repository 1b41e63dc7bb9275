package org.learnstream.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64;
import java.io.FileInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.learnstream.pipeline.xapi.Violation;

class StatementSignaturesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static KeyPair keys;

  @BeforeAll
  static void generateKeys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    keys = generator.generateKeyPair();
  }

  private static ObjectNode statement() throws Exception {
    return (ObjectNode) JSON.readTree(StatementBatchPreparerTest.statement("a@example.com", "answered")
        .replaceFirst("\\{", "{\"id\":\"5d1a9a6e-2c9f-4c55-9a55-0d2b3c4d5e6f\","));
  }

  private static String sign(JsonNode payload, JWSHeader header, PrivateKey key) throws Exception {
    JWSObject jws = new JWSObject(header, new Payload(JSON.writeValueAsString(payload)));
    jws.sign(new RSASSASigner(key));
    return jws.serialize();
  }

  private static ObjectNode signatureAttachment(String contentType) {
    ObjectNode attachment = JSON.createObjectNode();
    attachment.put("usageType", StatementSignatures.SIGNATURE_USAGE);
    attachment.putObject("display").put("en-US", "signature");
    attachment.put("contentType", contentType);
    attachment.put("length", 1);
    attachment.put("sha2", "0".repeat(64));
    return attachment;
  }

  /** The statement as sent: the signed one with its signature attachment added. */
  private static JsonNode sent(JsonNode signed) {
    ObjectNode sent = signed.deepCopy();
    sent.putArray("attachments").add(signatureAttachment(StatementSignatures.SIGNATURE_CONTENT_TYPE));
    return sent;
  }

  private static Optional<Violation> check(JsonNode sent, String jws) {
    return StatementSignatures.problem(sent, sent.path("attachments").get(0), jws.getBytes(StandardCharsets.US_ASCII));
  }

  @ParameterizedTest
  @ValueSource(strings = {"RS256", "RS384", "RS512"})
  void acceptsAStatementSignedWithAnRsaAlgorithmTheSpecificationNames(String algorithm) throws Exception {
    ObjectNode statement = statement();

    String jws = sign(statement, new JWSHeader(JWSAlgorithm.parse(algorithm)), keys.getPrivate());

    assertThat(check(sent(statement), jws)).isEmpty();
  }

  @Test
  void refusesAStatementSignedWithAnHmac() throws Exception {
    ObjectNode statement = statement();
    JWSObject hmac = new JWSObject(new JWSHeader(JWSAlgorithm.HS256), new Payload(JSON.writeValueAsString(statement)));
    hmac.sign(new MACSigner(new byte[32]));

    assertThat(check(sent(statement), hmac.serialize())).get().extracting(Violation::rule)
        .isEqualTo("signature.algorithm");
  }

  @Test
  void refusesASignatureWhosePayloadIsAnotherStatement() throws Exception {
    ObjectNode statement = statement();
    ObjectNode other = statement.deepCopy();
    other.putObject("result").put("success", true);

    assertThat(check(sent(statement), sign(other, new JWSHeader(JWSAlgorithm.RS256), keys.getPrivate())))
        .get().extracting(Violation::rule).isEqualTo("signature.payload");
  }

  @Test
  void refusesContentThatIsNoCompactJws() throws Exception {
    assertThat(check(sent(statement()), "not a jws")).get().extracting(Violation::rule).isEqualTo("signature.jws");
  }

  @Test
  void refusesASignatureAttachmentThatIsNotOctetStream() throws Exception {
    ObjectNode statement = statement();
    ObjectNode sent = statement.deepCopy();
    sent.putArray("attachments").add(signatureAttachment("text/plain"));
    String jws = sign(statement, new JWSHeader(JWSAlgorithm.RS256), keys.getPrivate());

    assertThat(check(sent, jws)).get().extracting(Violation::rule).isEqualTo("signature.content-type");
  }

  @Test
  void comparesDurationsToTheHundredthOfASecondOnly() throws Exception {
    ObjectNode signed = statement();
    signed.putObject("result").put("duration", "PT1M0.12S");
    ObjectNode sent = (ObjectNode) sent(signed);
    ((ObjectNode) sent.path("result")).put("duration", "PT1M0.1237S");

    assertThat(check(sent, sign(signed, new JWSHeader(JWSAlgorithm.RS256), keys.getPrivate()))).isEmpty();
  }

  @Test
  void verifiesTheSignatureWithTheKeyOfTheX5cCertificate(@TempDir Path dir) throws Exception {
    Path store = dir.resolve("signer.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "signer", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=Signer",
        "-validity", "1", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit")
        .redirectErrorStream(true).start();
    assertThat(keytool.waitFor()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    try (FileInputStream in = new FileInputStream(store.toFile())) {
      keyStore.load(in, "changeit".toCharArray());
    }
    X509Certificate certificate = (X509Certificate) keyStore.getCertificate("signer");
    PrivateKey certified = (PrivateKey) keyStore.getKey("signer", "changeit".toCharArray());
    JWSHeader withCertificate = new JWSHeader.Builder(JWSAlgorithm.RS256)
        .x509CertChain(List.of(Base64.encode(certificate.getEncoded()))).build();
    ObjectNode statement = statement();

    assertThat(check(sent(statement), sign(statement, withCertificate, certified))).isEmpty();
    assertThat(check(sent(statement), sign(statement, withCertificate, keys.getPrivate())))
        .get().extracting(Violation::rule).isEqualTo("signature.verify");
  }
}
