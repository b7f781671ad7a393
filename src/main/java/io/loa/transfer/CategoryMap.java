package io.loa.transfer;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.loa.article.Slugs;
import io.loa.cli.UsageException;
import io.loa.config.Section;
import io.loa.config.Site;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which sections a source's categories go to: those the mapping file names, else a section whose slug or title
 * the category's slug or name matches (compared as slugs, so "Thời sự", "thoi-su" and "THỜI SỰ" are one), else
 * the default section, if one was given.
 */
final class CategoryMap {

    private final Map<String, String> bySlug = new LinkedHashMap<>();
    private final Optional<String> fallback;

    private CategoryMap(Optional<String> fallback) {
        this.fallback = fallback;
    }

    /**
     * @param file a YAML map from category (name or slug) to section slug, or null
     * @param fallback the section for articles none of whose categories maps to one, or null
     */
    static CategoryMap of(Site site, Path file, String fallback) {
        if (fallback != null && !site.hasSection(fallback)) {
            throw new UsageException("--section \"" + fallback + "\" is not a configured section");
        }
        CategoryMap map = new CategoryMap(Optional.ofNullable(fallback));
        for (Section section : site.sections()) {
            map.bySlug.put(section.slug(), section.slug());
            map.bySlug.putIfAbsent(Slugs.of(section.title()), section.slug());
        }
        if (file != null) {
            Map<String, String> mapping;
            try {
                mapping = new ObjectMapper(new YAMLFactory()).readValue(file.toFile(), new TypeReference<>() {});
            } catch (IOException e) {
                throw new UsageException("--map-categories " + file + ": "
                        + e.getMessage().lines().findFirst().orElse(""));
            }
            for (Map.Entry<String, String> entry : mapping.entrySet()) {
                if (!site.hasSection(entry.getValue())) {
                    throw new UsageException("--map-categories maps \"" + entry.getKey() + "\" to \"" + entry.getValue()
                            + "\", which is not a configured section");
                }
                // The file's word comes before the sections' own names.
                map.bySlug.put(Slugs.of(entry.getKey()), entry.getValue());
            }
        }
        return map;
    }

    /** The sections of an article with these categories, in their order; empty when none maps and there is no default. */
    List<String> sections(List<Incoming.Category> categories) {
        Set<String> sections = new LinkedHashSet<>();
        for (Incoming.Category category : categories) {
            section(category).ifPresent(sections::add);
        }
        if (sections.isEmpty()) {
            fallback.ifPresent(sections::add);
        }
        return List.copyOf(sections);
    }

    /** The section a category maps to, by the mapping file or the sections' own slugs and titles. */
    Optional<String> section(Incoming.Category category) {
        String section = category.slug() == null ? null : bySlug.get(Slugs.of(category.slug()));
        if (section == null && category.name() != null) {
            section = bySlug.get(Slugs.of(category.name()));
        }
        return Optional.ofNullable(section);
    }
}
