package io.github.kerasrs4j;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every ```java block in README.md and docs/ stands, line for line, in a test or a sample that
 * compiles and runs, so the docs cannot drift from the code.
 */
class DocsCodeBlocksTest {

    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyJavaBlockIsCompiledCode() throws IOException {
        String code = normalize(read(Stream.of(Paths.get("src/test/java"), Paths.get("samples"))
                .filter(Files::isDirectory).flatMap(DocsCodeBlocksTest::walk)
                .filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList())));
        List<Path> docs = new ArrayList<>(List.of(Paths.get("README.md")));
        walk(Paths.get("docs")).filter(p -> p.toString().endsWith(".md")).forEach(docs::add);

        int blocks = 0;
        for (Path doc : docs) {
            Matcher m = JAVA_BLOCK.matcher(Files.readString(doc));
            while (m.find()) {
                blocks++;
                assertTrue(code.contains(normalize(m.group(1))),
                        doc + " has a java block that no test or sample contains:\n" + m.group(1));
            }
        }
        assertTrue(blocks > 0, "README.md and docs/ should show code");
    }

    private static Stream<Path> walk(Path dir) {
        try {
            return Files.walk(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(List<Path> files) {
        return files.stream().map(p -> {
            try {
                return Files.readString(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).collect(Collectors.joining("\n"));
    }

    /** Lines trimmed and blank lines dropped: indentation differs between a doc and a method body. */
    private static String normalize(String text) {
        return text.lines().map(String::trim).filter(l -> !l.isEmpty()).collect(Collectors.joining("\n"));
    }
}
