package io.jsos.guest;

/** The guest can't run on this machine (no QEMU, no kernel package, no apt): a skip, or a failure under CI. */
public class GuestUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GuestUnavailable(String message) {
        super(message);
    }

    public GuestUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
