package org.learnstream.jobs.chaos;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.apache.avro.Schema;
import org.apache.avro.compiler.specific.SpecificCompiler;
import org.apache.avro.generic.GenericData;

/**
 * The next release's build of one Avro record class: generated from a schema with the same settings as the
 * schemas module (String strings, java.time logical types) and compiled against this build's classpath, into a
 * directory that goes first on an upgraded runner's classpath. The rest of the build runs unchanged against it,
 * which holds because our code builds records with their builders (an all-arguments constructor changes its
 * signature with every added field); should a source still call one, the upgraded runner fails with
 * NoSuchMethodError and the test with it.
 */
final class UpgradedBuild {

  private UpgradedBuild() {
  }

  /** {@code current} with one more optional field, last (a field added with a default, as the schema rules ask). */
  static Schema withOptionalField(Schema current, String name, String doc) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : current.getFields()) {
      fields.add(new Schema.Field(f, f.schema()));
    }
    Schema string = Schema.create(Schema.Type.STRING);
    GenericData.setStringType(string, GenericData.StringType.String);
    fields.add(new Schema.Field(name, Schema.createUnion(Schema.create(Schema.Type.NULL), string), doc,
        Schema.Field.NULL_DEFAULT_VALUE));
    Schema next = Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
    current.getObjectProps().forEach(next::addProp);
    return next;
  }

  /** Generates and compiles the class of {@code record} (only that class); returns the directory. */
  static Path compile(Schema record, Path dir) throws IOException {
    Path sources = Files.createDirectories(dir.resolve("src"));
    Path classes = Files.createDirectories(dir.resolve("classes"));
    SpecificCompiler compiler = new SpecificCompiler(record);
    compiler.setStringType(GenericData.StringType.String);
    compiler.setEnableDecimalLogicalType(true);
    compiler.compileToDestination(null, sources.toFile());
    Path source = sources.resolve(record.getFullName().replace('.', File.separatorChar) + ".java");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IllegalStateException("no Java compiler in this JVM: run the tests on a JDK, not a JRE");
    }
    StringWriter errors = new StringWriter();
    boolean ok = javac.getTask(errors, null, null,
        List.of("-d", classes.toString(), "-classpath", System.getProperty("java.class.path"), "-nowarn"),
        null, javac.getStandardFileManager(null, null, null).getJavaFileObjects(source.toFile())).call();
    if (!ok) {
      throw new IllegalStateException("the upgraded " + record.getName() + " does not compile:\n" + errors);
    }
    return classes;
  }
}
