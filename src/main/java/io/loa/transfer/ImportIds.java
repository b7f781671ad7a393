package io.loa.transfer;

import io.loa.ingest.ArticleValidator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Article ids for imported entries, stable across runs so a second import changes nothing: the publisher's id
 * inside a Loa GUID ({@code tag:baohatinh.vn,2023:article:dan-van-2023}), the GUID itself when it is a valid id,
 * else a digest of the GUID.
 */
final class ImportIds {

    private static final Pattern LOA_GUID = Pattern.compile("tag:[^:]+:article:(.+)");

    private ImportIds() {}

    /** Whether the GUID is one Loa gives its articles. */
    static boolean isLoa(String guid) {
        return LOA_GUID.matcher(guid.strip()).matches();
    }

    static String of(String guid) {
        Matcher loa = LOA_GUID.matcher(guid.strip());
        if (loa.matches() && ArticleValidator.ID.matcher(loa.group(1)).matches()) {
            return loa.group(1);
        }
        if (ArticleValidator.ID.matcher(guid.strip()).matches()) {
            return guid.strip();
        }
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(guid.strip().getBytes(StandardCharsets.UTF_8));
            return "imported-" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
