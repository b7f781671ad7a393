package io.loa.webhook;

/** An endpoint that cannot be made as asked: the field at fault ({@code url}, {@code events} …) and why. */
public final class InvalidEndpoint extends RuntimeException {

    private final String field;

    InvalidEndpoint(String field, String detail) {
        super(detail, null, false, false);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
