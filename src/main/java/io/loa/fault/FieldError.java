package io.loa.fault;

/** One rejected part of a request: the field's path (e.g. {@code images[0].url}) and what is wrong with it. */
public record FieldError(String field, String detail) {}
