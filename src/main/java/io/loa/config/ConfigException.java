package io.loa.config;

/** A problem in {@code feeds-config/}: names the file, the entry and what is wrong, in one line. */
public final class ConfigException extends RuntimeException {

    public ConfigException(String file, String entry, String problem) {
        super(file + ": " + entry + ": " + problem);
    }
}
