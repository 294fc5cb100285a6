package dev.jpm.protocol.wire;

/** A request that parsed as JSON but is not a valid jpm request; carries the id to answer under. */
public class ProtocolException extends JsonException {
    private final long requestId;

    public ProtocolException(long requestId, String message) {
        super(message);
        this.requestId = requestId;
    }

    public long requestId() {
        return requestId;
    }
}
