package io.loa.token;

import static io.loa.db.schema.Tables.EDITOR_TOKEN;
import static io.loa.db.schema.Tables.EDITOR_TOKEN_SECTION;
import static org.jooq.impl.DSL.multiset;
import static org.jooq.impl.DSL.select;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record1;

/**
 * Editor tokens. A token is 256 random bits, shown once; only its SHA-256 hash is stored (a fast hash is enough
 * for a random secret of that size), and a presented token is compared against every active hash in constant time.
 */
public final class TokenStore {

    static final String PREFIX = "loa_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DSLContext dsl;
    private final Clock clock;

    public TokenStore(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    /** A token as listed: never the token itself. */
    public record TokenInfo(String name, Set<String> sections, Instant created, Instant revoked) {}

    /**
     * Makes a token and returns it; this is the only time it is ever seen. A revoked token of the same name gives
     * its name up: its row is replaced, since nothing refers to a token once it can no longer be used.
     */
    public String create(String name, Set<String> sections) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        dsl.transaction(tx -> {
            tx.dsl()
                    .deleteFrom(EDITOR_TOKEN)
                    .where(EDITOR_TOKEN.NAME.eq(name).and(EDITOR_TOKEN.REVOKED_AT.isNotNull()))
                    .execute();
            Long id = tx.dsl()
                    .insertInto(EDITOR_TOKEN)
                    .set(EDITOR_TOKEN.NAME, name)
                    .set(EDITOR_TOKEN.TOKEN_HASH, HexFormat.of().formatHex(hash(token)))
                    .set(EDITOR_TOKEN.CREATED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                    .returningResult(EDITOR_TOKEN.ID)
                    .fetchOne(Record1::value1);
            for (String section : sections) {
                tx.dsl()
                        .insertInto(EDITOR_TOKEN_SECTION)
                        .set(EDITOR_TOKEN_SECTION.TOKEN_ID, id)
                        .set(EDITOR_TOKEN_SECTION.SECTION, section)
                        .execute();
            }
        });
        return token;
    }

    /** Whether a token of that name exists and is not revoked. */
    public boolean inUse(String name) {
        return dsl.fetchExists(EDITOR_TOKEN, EDITOR_TOKEN.NAME.eq(name).and(EDITOR_TOKEN.REVOKED_AT.isNull()));
    }

    public List<TokenInfo> list() {
        return dsl.select(EDITOR_TOKEN.NAME, sections(), EDITOR_TOKEN.CREATED_AT, EDITOR_TOKEN.REVOKED_AT)
                .from(EDITOR_TOKEN)
                .orderBy(EDITOR_TOKEN.NAME)
                .fetch(r -> new TokenInfo(
                        r.value1(),
                        Set.copyOf(r.value2()),
                        r.value3().toInstant(),
                        r.value4() == null ? null : r.value4().toInstant()));
    }

    /** Revokes the named token; false when there is no active token of that name. */
    public boolean revoke(String name) {
        return dsl.update(EDITOR_TOKEN)
                        .set(EDITOR_TOKEN.REVOKED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                        .where(EDITOR_TOKEN.NAME.eq(name).and(EDITOR_TOKEN.REVOKED_AT.isNull()))
                        .execute()
                == 1;
    }

    /** The editor a presented token belongs to, if it is active. */
    public Optional<Editor> verify(String presented) {
        byte[] candidate = hash(presented);
        Editor match = null;
        // Every active hash is compared, all the way through, so timing tells nothing about any of them.
        for (var row : dsl.select(EDITOR_TOKEN.NAME, EDITOR_TOKEN.TOKEN_HASH, sections())
                .from(EDITOR_TOKEN)
                .where(EDITOR_TOKEN.REVOKED_AT.isNull())
                .fetch()) {
            if (MessageDigest.isEqual(candidate, HexFormat.of().parseHex(row.value2()))) {
                match = new Editor(row.value1(), Set.copyOf(row.value3()));
            }
        }
        return Optional.ofNullable(match);
    }

    private static Field<List<String>> sections() {
        return multiset(select(EDITOR_TOKEN_SECTION.SECTION)
                        .from(EDITOR_TOKEN_SECTION)
                        .where(EDITOR_TOKEN_SECTION.TOKEN_ID.eq(EDITOR_TOKEN.ID)))
                .convertFrom(r -> r.map(Record1::value1));
    }

    private static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
