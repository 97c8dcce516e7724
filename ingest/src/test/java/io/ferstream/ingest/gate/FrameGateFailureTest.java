package io.ferstream.ingest.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

/** What the gate does when a stream thread fails: replace it, unless retrying cannot help. */
class FrameGateFailureTest {

    @Test
    void aPassingFailureReplacesTheThread() {
        assertEquals(
                StreamThreadExceptionResponse.REPLACE_THREAD,
                FrameGate.onStreamThreadFailure(
                        new StreamsException(new IllegalStateException("registry down"))));
    }

    @Test
    void refusedCredentialsStopTheGate() {
        assertEquals(
                StreamThreadExceptionResponse.SHUTDOWN_CLIENT,
                FrameGate.onStreamThreadFailure(
                        new StreamsException(
                                new SaslAuthenticationException("invalid credentials"))));
    }

    @Test
    void aMissingAclStopsTheGate() {
        assertEquals(
                StreamThreadExceptionResponse.SHUTDOWN_CLIENT,
                FrameGate.onStreamThreadFailure(
                        new StreamsException(
                                "task failed",
                                new TopicAuthorizationException("Not authorized: frames"))));
    }
}
