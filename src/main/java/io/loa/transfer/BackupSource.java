package io.loa.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Loa's own backup ({@link Backup}), read a line at a time. */
final class BackupSource implements ImportSource {

    private final Path file;
    private final ObjectMapper json;

    BackupSource(Path file, ObjectMapper json) {
        this.file = file;
        this.json = json;
    }

    @Override
    public long expectedItems() throws IOException {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.filter(line -> line.startsWith("{\"id\"")).count();
        }
    }

    @Override
    public void read(ImportSink sink) throws IOException {
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            JsonNode header = json.readTree(lines.readLine());
            int version = header.path("version").asInt();
            if (!Backup.READS.contains(version)) {
                throw new IOException(file + " is a backup of version "
                        + header.path("version").asText()
                        + "; this Loa reads versions "
                        + Backup.READS.stream().sorted().map(String::valueOf).collect(Collectors.joining(" and ")));
            }
            int number = 1;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                number++;
                String position = "line " + number;
                try {
                    JsonNode node = json.readTree(line);
                    if (node.has("feed")) {
                        sink.feedChanged(
                                node.get("feed").asText(),
                                Instant.parse(node.path("changed").asText()));
                    } else {
                        sink.restore(position, Backup.ArticleLine.of(json, (ObjectNode) node, version));
                    }
                } catch (ImportStopped e) {
                    throw e;
                } catch (IOException | RuntimeException e) {
                    sink.skip(
                            position,
                            "not a backup line: "
                                    + e.getMessage().lines().findFirst().orElse(""));
                }
            }
        }
    }
}
