package io.loa.fediverse;

import static io.loa.db.schema.Tables.FEDIVERSE_KEY;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.DSLContext;
import org.jooq.Record2;

/**
 * Each account's RSA key pair (2048 bits), which signs what it sends and which its profile publishes: made the first
 * time an account needs one, kept in the database, and the same on every instance. An instance that makes one
 * stores it only when no other instance stored one first, then reads back what is stored: the row that won is the
 * key. Kept in memory once read; a key is never replaced.
 * <pre>
 * keys.publicPem("section:thoi-su")   "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkq…"
 * </pre>
 */
public final class ActorKeys {

    private static final int BITS = 2048;
    private static final Base64.Encoder PEM_LINES = Base64.getMimeEncoder(64, new byte[] {'\n'});

    private final DSLContext dsl;
    private final Clock clock;
    private final Map<String, Pem> known = new ConcurrentHashMap<>();

    public ActorKeys(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    /** The account's keys, made and stored on first need. */
    public KeyPair keyPair(String actorKey) {
        Pem pem = pem(actorKey);
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            PublicKey publicKey = rsa.generatePublic(new X509EncodedKeySpec(decode(pem.publicPem())));
            PrivateKey privateKey = rsa.generatePrivate(new PKCS8EncodedKeySpec(decode(pem.privatePem())));
            return new KeyPair(publicKey, privateKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The stored key of " + actorKey + " cannot be read", e);
        }
    }

    /** The account's public key as PEM ({@code -----BEGIN PUBLIC KEY-----}), as its profile publishes it. */
    public String publicPem(String actorKey) {
        return pem(actorKey).publicPem();
    }

    private record Pem(String publicPem, String privatePem) {}

    private Pem pem(String actorKey) {
        return known.computeIfAbsent(actorKey, this::storedOrMade);
    }

    private Pem storedOrMade(String actorKey) {
        return stored(actorKey).orElseGet(() -> {
            Pem made = make();
            dsl.insertInto(FEDIVERSE_KEY)
                    .set(FEDIVERSE_KEY.ACTOR, actorKey)
                    .set(FEDIVERSE_KEY.PUBLIC_PEM, made.publicPem())
                    .set(FEDIVERSE_KEY.PRIVATE_PEM, made.privatePem())
                    .set(FEDIVERSE_KEY.CREATED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                    .onConflictDoNothing()
                    .execute();
            return stored(actorKey).orElseThrow();
        });
    }

    private java.util.Optional<Pem> stored(String actorKey) {
        return dsl.select(FEDIVERSE_KEY.PUBLIC_PEM, FEDIVERSE_KEY.PRIVATE_PEM)
                .from(FEDIVERSE_KEY)
                .where(FEDIVERSE_KEY.ACTOR.eq(actorKey))
                .fetchOptional()
                .map((Record2<String, String> r) -> new Pem(r.value1(), r.value2()));
    }

    private static Pem make() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(BITS);
            KeyPair pair = generator.generateKeyPair();
            return new Pem(
                    pem("PUBLIC KEY", pair.getPublic().getEncoded()),
                    pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every Java runtime makes RSA keys", e);
        }
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + PEM_LINES.encodeToString(der) + "\n-----END " + label + "-----\n";
    }

    private static byte[] decode(String pem) {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(base64);
    }
}
