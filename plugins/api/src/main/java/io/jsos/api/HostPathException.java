package io.jsos.api;

/** A host path that would leave the host root, or loops; never resolved. */
public class HostPathException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message which path and why (it escapes the root, or loops) */
    public HostPathException(String message) {
        super(message);
    }
}
