package io.loa.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code ```sh} block of a Markdown page, where it starts, why it is not run if an HTML comment just before it
 * says so ({@code <!-- doc-test: skip (needs nginx) -->}), and the output it must print: the lines of the
 * {@code ```text} block that follows it, if any.
 */
record ShellBlock(String page, int line, String script, Optional<String> skip, List<String> expected) {

    private static final Pattern SKIP = Pattern.compile("<!--\\s*doc-test:\\s*skip\\s*\\((.+)\\)\\s*-->");

    /** The shell blocks of {@code file}, in their order; {@code page} names it in test names. */
    static List<ShellBlock> of(Path file, String page) {
        List<String> lines = read(file);
        List<ShellBlock> blocks = new ArrayList<>();
        Optional<String> skip = Optional.empty();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher mark = SKIP.matcher(line.strip());
            if (mark.matches()) {
                skip = Optional.of(mark.group(1));
            } else if (line.equals("```sh") || line.equals("```text")) {
                int end = closing(lines, i);
                List<String> body = lines.subList(i + 1, end);
                if (line.equals("```sh")) {
                    blocks.add(new ShellBlock(page, i + 1, String.join("\n", body) + "\n", skip, List.of()));
                } else if (!blocks.isEmpty()
                        && blocks.get(blocks.size() - 1).expected().isEmpty()) {
                    ShellBlock last = blocks.remove(blocks.size() - 1);
                    blocks.add(new ShellBlock(last.page, last.line, last.script, last.skip, List.copyOf(body)));
                }
                skip = Optional.empty();
                i = end;
            } else if (!line.isBlank()) {
                skip = Optional.empty();
            }
        }
        return blocks;
    }

    private static int closing(List<String> lines, int open) {
        for (int i = open + 1; i < lines.size(); i++) {
            if (lines.get(i).equals("```")) {
                return i;
            }
        }
        throw new IllegalStateException("a block opened on line " + (open + 1) + " is never closed");
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return page + ":" + line;
    }
}
