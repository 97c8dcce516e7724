package io.ferstream.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

    private static final List<String> KEYS =
            List.of("tracking.max-age", "tracking.min-hits", "tracking.min-iou", "mode");

    @Test
    void shouldSuggestTheKeyATypoMeant() {
        assertEquals(
                Optional.of("tracking.max-age"), Suggestions.nearest("tracking.max-agee", KEYS));
        assertEquals(
                Optional.of("tracking.max-age"), Suggestions.nearest("tracking.mxa-age", KEYS));
        assertEquals(
                Optional.of("tracking.min-hits"), Suggestions.nearest("tracking.minhits", KEYS));
        assertEquals(Optional.of("mode"), Suggestions.nearest("mdoe", KEYS));
    }

    @Test
    void shouldSuggestNothingForAnUnrelatedKey() {
        assertEquals(Optional.empty(), Suggestions.nearest("colour", KEYS));
    }
}
