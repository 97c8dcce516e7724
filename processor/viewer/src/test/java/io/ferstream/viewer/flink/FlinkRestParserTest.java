package io.ferstream.viewer.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlinkRestParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s.replace('\'', '"'));
    }

    @Test
    void shouldPreferTheRunningJobThenTheNewest() throws Exception {
        JsonNode overview =
                json(
                        "{'jobs':[{'jid':'a','name':'ferstream','state':'CANCELED','start-time':3},"
                                + "{'jid':'b','name':'ferstream','state':'RUNNING','start-time':1},"
                                + "{'jid':'c','name':'other','state':'RUNNING','start-time':2}]}");
        assertEquals("c", FlinkRestParser.pickJob(overview, null).path("jid").asText());
        assertEquals("b", FlinkRestParser.pickJob(overview, "ferstream").path("jid").asText());
        assertNull(FlinkRestParser.pickJob(overview, "missing"));
    }

    @Test
    void shouldReadStateRestartsCheckpointsAndTheWorstBackpressure() throws Exception {
        JsonNode job = json("{'jid':'b','name':'ferstream','state':'RUNNING','start-time':1}");
        JsonNode checkpoints =
                json(
                        "{'counts':{'completed':12,'failed':1},'latest':{'completed':"
                            + "{'id':13,'latest_ack_timestamp':1700000000000,'end_to_end_duration':85}}}");
        long restarts = FlinkRestParser.restarts(json("[{'id':'numRestarts','value':'2'}]"));
        Map<String, FlinkRestParser.Backpressure> bp = new LinkedHashMap<>();
        bp.put(
                "source",
                FlinkRestParser.backpressure(
                        json(
                                "{'backpressureLevel':'high','subtasks':[{'ratio':0.9},{'ratio':0.4}]}")));
        bp.put(
                "analysis",
                FlinkRestParser.backpressure(
                        json("{'backpressureLevel':'ok','subtasks':[{'ratio':0.0}]}")));

        JobHealth h = FlinkRestParser.health(job, checkpoints, restarts, bp, 5);

        assertEquals("RUNNING", h.state());
        assertEquals(2, h.restarts());
        assertEquals(12, h.checkpointsCompleted());
        assertEquals(13, h.lastCheckpointId());
        assertEquals(1700000000000L, h.lastCheckpointAtMs());
        assertEquals(85, h.lastCheckpointDurationMs());
        assertEquals("high", h.backpressure());
        assertEquals("source", h.backpressuredVertex());
    }

    @Test
    void shouldCopeWithAJobWithoutCheckpointsOrMetrics() throws Exception {
        JobHealth h =
                FlinkRestParser.health(
                        json("{'jid':'b','state':'CREATED'}"),
                        JSON.missingNode(),
                        FlinkRestParser.restarts(JSON.missingNode()),
                        Map.of(),
                        5);
        assertEquals(-1, h.restarts());
        assertEquals(-1, h.lastCheckpointId());
        assertNull(h.backpressure());
    }
}
