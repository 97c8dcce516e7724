package io.ferstream.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.inference.model.ModelsDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docker/secured/create-acls.sh holds the ACLs the secured IT runs with ({@link StackAcls}), as
 * kafka-acls.sh commands; this fails when the two drift. To regenerate: {@code mvn -B verify -pl
 * it-tests/end-to-end -Dtest=StackAclsScriptTest -Dit.test=none -Dferstream.update-docs=true}.
 */
class StackAclsScriptTest {

    private static final String BEGIN = "# acls: generated from StackAcls by StackAclsScriptTest\n";
    private static final String END = "# acls: end";

    @Test
    void theDockerScriptGrantsWhatTheSecuredTestRunsWith() throws IOException {
        Path script = ModelsDirectory.locate().resolveSibling("docker/secured/create-acls.sh");
        String text = Files.readString(script);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        assertTrue(begin >= 0 && end > begin, script + " lacks its markers");
        String documented = text.substring(begin + BEGIN.length(), end);
        String generated = StackAcls.kafkaAclsCommands(StackAcls.bindings());
        if (!documented.equals(generated) && Boolean.getBoolean("ferstream.update-docs")) {
            Files.writeString(
                    script,
                    text.substring(0, begin + BEGIN.length()) + generated + text.substring(end));
            return;
        }
        assertEquals(
                generated,
                documented,
                "create-acls.sh differs from StackAcls; regenerate it (see this test's comment)");
    }
}
