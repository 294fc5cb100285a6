package dev.jpm.protocol.ecosystem;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's key table is generated from EcosystemKey; this fails when the two drift apart. */
class EcosystemReferenceReadmeTest {
    @Test
    void readmeHoldsTheGeneratedKeyTable() throws Exception {
        Path readme = Path.of("..", "README.md");
        String text = Files.readString(readme);
        assertTrue(text.contains(EcosystemReference.markdownTable().trim()),
                "README.md's key table differs from EcosystemReference.markdownTable(); regenerate it between the keys markers");
    }
}
