package io.loa.config;

/** A topic section ("Chủ đề"): the unit a feed is published for. */
public record Section(String slug, String title, String description) {}
