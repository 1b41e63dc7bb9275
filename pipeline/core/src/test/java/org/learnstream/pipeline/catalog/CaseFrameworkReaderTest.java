package org.learnstream.pipeline.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** CASE JSON into skills and their hierarchy, on OpenSALT's export of the Common Core ratio standards. */
class CaseFrameworkReaderTest {

  static final String FIXTURE = "/case/ccss-ratios-opensalt.json";
  private static final String RP_6 = "CCSS.Math.Content.6.RP.A";

  @Test
  void everyItemOfTheOpenSaltExportBecomesASkillWithCodeNameUriAndParents() throws IOException {
    CaseFramework framework = CaseFrameworkReader.read(fixture(), FIXTURE);

    assertThat(framework.identifier()).isEqualTo("20c5134f-423d-4097-a971-3dd5152bf507");
    assertThat(framework.title()).isEqualTo("What Standards Could Be");
    assertThat(framework.items()).hasSize(16);
    Map<String, FrameworkItem> byCode = framework.items().stream()
        .collect(Collectors.toMap(FrameworkItem::code, item -> item));
    FrameworkItem component = byCode.get("CCSS.Math.Content.6.RP.A.3a");
    assertThat(component.uri()).isEqualTo("http://opensalt-staging.opened.com/uri/" + component.identifier());
    assertThat(component.name()).startsWith("Make tables of equivalent ratios");
    assertThat(component.type()).isEqualTo("Component");
    assertThat(component.parents()).containsExactly(byCode.get("CCSS.Math.Content.6.RP.A.3").identifier());
    // a child of the CFDocument is top-level
    assertThat(byCode.get(RP_6).parents()).isEmpty();
  }

  @Test
  void theClosureListsEachItemItsParentAndGrandparentWithTheirDepth() throws IOException {
    CaseFramework framework = CaseFrameworkReader.read(fixture(), FIXTURE);
    Map<String, String> codes = framework.items().stream()
        .collect(Collectors.toMap(FrameworkItem::identifier, FrameworkItem::code));

    List<String> ofComponent = SkillHierarchy
        .of(framework.items(), (item, problem) -> new IllegalStateException(problem)).stream()
        .filter(a -> codes.get(a.item()).equals("CCSS.Math.Content.6.RP.A.3a"))
        .map(a -> codes.get(a.ancestor()) + "@" + a.depth()).toList();

    assertThat(ofComponent).containsExactlyInAnyOrder("CCSS.Math.Content.6.RP.A.3a@0",
        "CCSS.Math.Content.6.RP.A.3@1", RP_6 + "@2");
  }

  @Test
  void aCfPackageWrapperIsReadLikeTheTopLevelForm() {
    CaseFramework framework = CaseFrameworkReader.read(bytes("""
        {"CFPackage": {"CFDocument": {"identifier": "d1", "title": "T"},
         "CFItems": [{"identifier": "i1", "uri": "https://case.example/uri/i1", "fullStatement": "Add"},
                     {"identifier": "i2", "uri": "https://case.example/uri/i2", "fullStatement": "Add fractions"}],
         "CFAssociations": [{"associationType": "isChildOf", "originNodeURI": {"identifier": "i2"},
                             "destinationNodeURI": {"identifier": "i1"}}]}}
        """), "package.json");

    assertThat(framework.items()).extracting(FrameworkItem::identifier, FrameworkItem::parents)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("i1", List.of()),
            org.assertj.core.groups.Tuple.tuple("i2", List.of("i1")));
  }

  @Test
  void anItemWithoutItsStatementIsRefusedWithItsJsonPointer() {
    assertThatThrownBy(() -> CaseFrameworkReader.read(framework(item("i1", "A") + ", {\"identifier\": \"i2\", "
        + "\"uri\": \"u2\"}"), "broken.json"))
        .isInstanceOf(CaseFormatException.class)
        .hasMessage("CASE framework broken.json: /CFItems/1/fullStatement: missing; it is required");
  }

  @Test
  void aDuplicateIdentifierNamesBothItems() {
    assertThatThrownBy(() -> CaseFrameworkReader.read(framework(item("i1", "A") + ", " + item("i1", "B")),
        "twice.json"))
        .hasMessageContaining("/CFItems/1/identifier: identifier i1 is also the identifier of /CFItems/0");
  }

  @Test
  void anIsChildOfToAnUnknownNodeNamesTheAssociation() {
    String elsewhere = childOf("i1", "elsewhere").replace("isChildOf", "exactMatchOf");
    assertThatThrownBy(() -> CaseFrameworkReader.read(framework(item("i1", "A"), elsewhere, childOf("i1", "nowhere")),
        "dangling.json"))
        .hasMessage("CASE framework dangling.json: /CFAssociations/1/destinationNodeURI/identifier: isChildOf to "
            + "nowhere, which is neither a CFItem of this package nor its CFDocument");
  }

  @Test
  void aCycleOfIsChildOfIsRefusedNamingTheItems() {
    assertThatThrownBy(() -> CaseFrameworkReader.read(framework(item("i1", "A.1") + ", " + item("i2", "A.2"),
        childOf("i1", "i2"), childOf("i2", "i1")), "cycle.json"))
        .hasMessage("CASE framework cycle.json: CFItem i1: isChildOf forms a cycle (A.1 (i1) -> A.2 (i2) -> A.1 (i1)); "
            + "a framework is a hierarchy");
  }

  @Test
  void textThatIsNotJsonIsRefusedWithItsLineAndColumn() {
    assertThatThrownBy(() -> CaseFrameworkReader.read(bytes("{\"CFDocument\": {\n  \"identifier\": ,}}"), "bad.json"))
        .hasMessageStartingWith("CASE framework bad.json: line 2 column 17: not valid JSON");
  }

  static byte[] fixture() throws IOException {
    try (InputStream in = CaseFrameworkReaderTest.class.getResourceAsStream(FIXTURE)) {
      return in.readAllBytes();
    }
  }

  /** A CASE package of document d1 with the given CFItems (JSON objects) and CFAssociations. */
  private static byte[] framework(String items, String... associations) {
    return bytes("{\"CFDocument\": {\"identifier\": \"d1\", \"title\": \"T\"}, \"CFItems\": [" + items
        + "], \"CFAssociations\": [" + String.join(", ", associations) + "]}");
  }

  private static String item(String identifier, String code) {
    return "{\"identifier\": \"" + identifier + "\", \"uri\": \"https://case.example/uri/" + identifier
        + "\", \"fullStatement\": \"Statement " + code + "\", \"humanCodingScheme\": \"" + code + "\"}";
  }

  private static String childOf(String child, String parent) {
    return "{\"associationType\": \"isChildOf\", \"originNodeURI\": {\"identifier\": \"" + child + "\"}, "
        + "\"destinationNodeURI\": {\"identifier\": \"" + parent + "\"}}";
  }

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
