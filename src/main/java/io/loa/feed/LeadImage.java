package io.loa.feed;

import com.rometools.modules.mediarss.MediaEntryModule;
import com.rometools.modules.mediarss.MediaEntryModuleImpl;
import com.rometools.modules.mediarss.types.Credit;
import com.rometools.modules.mediarss.types.MediaContent;
import com.rometools.modules.mediarss.types.Metadata;
import com.rometools.modules.mediarss.types.UrlReference;
import io.loa.article.Article;
import io.loa.article.Image;
import java.net.URI;
import java.util.Optional;

/** An article's lead image as Media RSS: {@code media:content} with the caption as {@code media:description}. */
final class LeadImage {

    private LeadImage() {}

    static Optional<MediaEntryModule> of(Article article) {
        if (article.images().isEmpty()) {
            return Optional.empty();
        }
        Image image = article.images().get(0);
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
        MediaEntryModuleImpl media = new MediaEntryModuleImpl();
        media.setMediaContents(new MediaContent[] {content});
        return Optional.of(media);
    }
}
