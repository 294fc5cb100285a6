package dev.jpm.protocol.wire;

/** Text that is not the JSON, or not the message, it should be. */
public class JsonException extends RuntimeException {
    public JsonException(String message) {
        super(message);
    }
}
