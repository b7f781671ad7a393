package io.loa.httpsig;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RSA keys written as PEM: public keys as ActivityPub servers publish them ({@code PUBLIC KEY}, SubjectPublicKeyInfo,
 * and the older {@code RSA PUBLIC KEY}, PKCS #1, which a few servers still send), private keys as PKCS #8
 * ({@code PRIVATE KEY}).
 */
public final class Pem {

    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z ]{1,30})-----([A-Za-z0-9+/=\\s]{1,16384})-----END \\1-----");
    /** The DER of the AlgorithmIdentifier rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters. */
    private static final byte[] RSA_ENCRYPTION = {
        0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00
    };

    private Pem() {}

    /** An RSA public key; throws {@link GeneralSecurityException} for anything else. */
    public static PublicKey publicKey(String pem) throws GeneralSecurityException {
        Matcher block = block(pem);
        byte[] der = Base64.getMimeDecoder().decode(block.group(2));
        byte[] spki = switch (block.group(1)) {
            case "PUBLIC KEY" -> der;
            case "RSA PUBLIC KEY" -> spkiOf(der);
            default -> throw new GeneralSecurityException("not a public key: " + block.group(1));
        };
        return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(spki));
    }

    /** An RSA private key in PKCS #8. */
    public static PrivateKey privateKey(String pem) throws GeneralSecurityException {
        Matcher block = block(pem);
        if (!block.group(1).equals("PRIVATE KEY")) {
            throw new GeneralSecurityException("not a PKCS #8 private key: " + block.group(1));
        }
        byte[] der = Base64.getMimeDecoder().decode(block.group(2));
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    /** {@code key} as PEM ({@code PUBLIC KEY}), as an actor document carries it in {@code publicKeyPem}. */
    public static String of(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    private static Matcher block(String pem) throws GeneralSecurityException {
        Matcher block = BLOCK.matcher(pem.strip());
        if (!block.matches()) {
            throw new GeneralSecurityException("not a PEM block");
        }
        return block;
    }

    /** A PKCS #1 RSAPublicKey wrapped as SubjectPublicKeyInfo: SEQUENCE { algorithm, BIT STRING { key } }. */
    private static byte[] spkiOf(byte[] pkcs1) {
        byte[] bits = new byte[pkcs1.length + 1]; // a leading 0: no unused bits
        System.arraycopy(pkcs1, 0, bits, 1, pkcs1.length);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(RSA_ENCRYPTION);
        body.writeBytes(der(0x03, bits));
        return der(0x30, body.toByteArray());
    }

    private static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length & 0xff);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
