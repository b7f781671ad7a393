package io.loa.fault;

import java.util.List;

/** Input that was read but does not make a valid request; names every offending field. */
public final class Invalid extends Fault {

    private final List<FieldError> errors;

    public Invalid(List<FieldError> errors) {
        super(
                errors.size() == 1
                        ? errors.get(0).field() + ": " + errors.get(0).detail()
                        : errors.size() + " fields are invalid; see errors");
        this.errors = List.copyOf(errors);
    }

    public Invalid(String field, String detail) {
        this(List.of(new FieldError(field, detail)));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
