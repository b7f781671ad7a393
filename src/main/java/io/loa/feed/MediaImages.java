package io.loa.feed;

import com.rometools.modules.mediarss.MediaEntryModule;
import com.rometools.modules.mediarss.MediaEntryModuleImpl;
import com.rometools.modules.mediarss.types.Credit;
import com.rometools.modules.mediarss.types.MediaContent;
import com.rometools.modules.mediarss.types.Metadata;
import com.rometools.modules.mediarss.types.Thumbnail;
import com.rometools.modules.mediarss.types.UrlReference;
import io.loa.article.Article;
import io.loa.article.Image;
import java.net.URI;
import java.util.Optional;

/**
 * An article's images as Media RSS: a {@code media:content} for each, with its caption as
 * {@code media:description} and its credit as {@code media:credit}, and the lead image as the item's
 * {@code media:thumbnail}.
 */
final class MediaImages {

    private MediaImages() {}

    static Optional<MediaEntryModule> of(Article article) {
        if (article.images().isEmpty()) {
            return Optional.empty();
        }
        MediaEntryModuleImpl media = new MediaEntryModuleImpl();
        media.setMediaContents(
                article.images().stream().map(MediaImages::content).toArray(MediaContent[]::new));
        Image lead = article.images().get(0);
        Metadata item = new Metadata();
        item.setThumbnail(new Thumbnail[] {new Thumbnail(URI.create(lead.url()), lead.width(), lead.height(), null)});
        media.setMetadata(item);
        return Optional.of(media);
    }

    private static MediaContent content(Image image) {
        MediaContent content = new MediaContent(new UrlReference(URI.create(image.url())));
        content.setMedium("image");
        content.setType(image.type());
        content.setWidth(image.width());
        content.setHeight(image.height());
        Metadata metadata = new Metadata();
        if (image.caption() != null) {
            metadata.setDescription(image.caption());
            metadata.setDescriptionType("plain");
        }
        if (image.credit() != null) {
            metadata.setCredits(new Credit[] {new Credit(null, null, image.credit())});
        }
        content.setMetadata(metadata);
        return content;
    }
}
