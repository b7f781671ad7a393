package io.loa.webhook;

import static io.loa.db.schema.Tables.WEBHOOK_ENDPOINT;
import static io.loa.db.schema.Tables.WEBHOOK_ENDPOINT_EVENT;
import static io.loa.db.schema.Tables.WEBHOOK_ENDPOINT_SECTION;
import static org.jooq.impl.DSL.multiset;
import static org.jooq.impl.DSL.select;

import io.loa.db.schema.tables.records.WebhookEndpointRecord;
import io.loa.fault.Forbidden;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.SelectJoinStep;

/** Webhook endpoints: made, listed, deleted, and enabled again after they were disabled for failing. */
public final class EndpointStore {

    /** As many endpoints as a newsroom's own systems need, and a bound on what every change fans out to. */
    public static final int MAX_ENDPOINTS = 50;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DSLContext dsl;
    private final Clock clock;

    public EndpointStore(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    /** A new endpoint and its secret, which is shown this once. */
    public record Created(Endpoint endpoint, String secret) {}

    public Created create(EndpointRequest request) {
        String id = "ep_" + random(12);
        String secret = Signature.newSecret();
        Instant now = clock.instant();
        dsl.transaction(tx -> {
            // The count is read under a lock on the table's rows, so two creations at once cannot both pass it.
            int existing =
                    tx.dsl().selectFrom(WEBHOOK_ENDPOINT).forUpdate().fetch().size();
            if (existing >= MAX_ENDPOINTS) {
                throw new Forbidden("There are " + MAX_ENDPOINTS + " webhook endpoints already, as many as Loa keeps: "
                        + "delete one first.");
            }
            tx.dsl()
                    .insertInto(WEBHOOK_ENDPOINT)
                    .set(WEBHOOK_ENDPOINT.ID, id)
                    .set(WEBHOOK_ENDPOINT.URL, request.url())
                    .set(WEBHOOK_ENDPOINT.SECRET, secret)
                    .set(WEBHOOK_ENDPOINT.CREATED_AT, at(now))
                    .execute();
            for (EventType event : request.events()) {
                tx.dsl()
                        .insertInto(WEBHOOK_ENDPOINT_EVENT)
                        .set(WEBHOOK_ENDPOINT_EVENT.ENDPOINT_ID, id)
                        .set(WEBHOOK_ENDPOINT_EVENT.EVENT, event.type())
                        .execute();
            }
            for (String section : request.sections()) {
                tx.dsl()
                        .insertInto(WEBHOOK_ENDPOINT_SECTION)
                        .set(WEBHOOK_ENDPOINT_SECTION.ENDPOINT_ID, id)
                        .set(WEBHOOK_ENDPOINT_SECTION.SECTION, section)
                        .execute();
            }
        });
        return new Created(
                new Endpoint(id, request.url(), request.events(), request.sections(), now, null, null), secret);
    }

    /** Every endpoint, oldest first. */
    public List<Endpoint> list() {
        return list(dsl);
    }

    /** The same, read in the caller's transaction. */
    static List<Endpoint> list(DSLContext tx) {
        return query(tx)
                .orderBy(WEBHOOK_ENDPOINT.CREATED_AT, WEBHOOK_ENDPOINT.ID)
                .fetch(EndpointStore::endpoint);
    }

    public Optional<Endpoint> find(String id) {
        return query(dsl).where(WEBHOOK_ENDPOINT.ID.eq(id)).fetchOptional(EndpointStore::endpoint);
    }

    /** Removes the endpoint and every message to it; false when there was none with the id. */
    public boolean delete(String id) {
        return dsl.deleteFrom(WEBHOOK_ENDPOINT)
                        .where(WEBHOOK_ENDPOINT.ID.eq(id))
                        .execute()
                > 0;
    }

    /**
     * Enables a disabled endpoint: it is sent what waits for it, and counts as failing only from its next failure.
     * False when there is no endpoint with the id.
     */
    public boolean enable(String id) {
        return dsl.update(WEBHOOK_ENDPOINT)
                        .setNull(WEBHOOK_ENDPOINT.DISABLED_AT)
                        .setNull(WEBHOOK_ENDPOINT.FAILING_SINCE)
                        .where(WEBHOOK_ENDPOINT.ID.eq(id))
                        .execute()
                > 0;
    }

    /** The secret messages to the endpoint are signed with. */
    static Optional<String> secret(DSLContext dsl, String id) {
        return dsl.select(WEBHOOK_ENDPOINT.SECRET)
                .from(WEBHOOK_ENDPOINT)
                .where(WEBHOOK_ENDPOINT.ID.eq(id))
                .fetchOptional(WEBHOOK_ENDPOINT.SECRET);
    }

    private static SelectJoinStep<Record> query(DSLContext dsl) {
        return dsl.select(WEBHOOK_ENDPOINT.fields()).select(EVENTS, SECTIONS).from(WEBHOOK_ENDPOINT);
    }

    private static Field<List<String>> events() {
        return multiset(select(WEBHOOK_ENDPOINT_EVENT.EVENT)
                        .from(WEBHOOK_ENDPOINT_EVENT)
                        .where(WEBHOOK_ENDPOINT_EVENT.ENDPOINT_ID.eq(WEBHOOK_ENDPOINT.ID)))
                .as("events")
                .convertFrom(r -> r.map(Record1::value1));
    }

    private static Field<List<String>> sections() {
        return multiset(select(WEBHOOK_ENDPOINT_SECTION.SECTION)
                        .from(WEBHOOK_ENDPOINT_SECTION)
                        .where(WEBHOOK_ENDPOINT_SECTION.ENDPOINT_ID.eq(WEBHOOK_ENDPOINT.ID)))
                .as("sections")
                .convertFrom(r -> r.map(Record1::value1));
    }

    private static final Field<List<String>> EVENTS = events();
    private static final Field<List<String>> SECTIONS = sections();

    private static Endpoint endpoint(Record row) {
        WebhookEndpointRecord e = row.into(WEBHOOK_ENDPOINT);
        Set<EventType> events = new LinkedHashSet<>();
        for (String type : row.get(EVENTS)) {
            EventType.of(type).ifPresent(events::add);
        }
        return new Endpoint(
                e.getId(),
                e.getUrl(),
                events,
                new LinkedHashSet<>(row.get(SECTIONS)),
                instant(e.getCreatedAt()),
                instant(e.getFailingSince()),
                instant(e.getDisabledAt()));
    }

    static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }

    /** {@code bytes} random bytes in hex: ids that say nothing of how many there are. */
    static String random(int bytes) {
        byte[] id = new byte[bytes];
        RANDOM.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }
}
