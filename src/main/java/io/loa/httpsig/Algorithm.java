package io.loa.httpsig;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

/**
 * The signature algorithms accepted, all RSA: PKCS #1 v1.5 with SHA-256 (draft-cavage's {@code rsa-sha256}, and
 * {@code hs2019} with an RSA key as Mastodon reads it; RFC 9421's {@code rsa-v1_5-sha256}) and RSASSA-PSS with
 * SHA-512 (RFC 9421's {@code rsa-pss-sha512}: MGF1 with SHA-512, a 64-byte salt).
 */
enum Algorithm {
    RSA_V1_5_SHA256,
    RSA_PSS_SHA512;

    private Signature engine() throws GeneralSecurityException {
        if (this == RSA_V1_5_SHA256) {
            return Signature.getInstance("SHA256withRSA");
        }
        Signature pss = Signature.getInstance("RSASSA-PSS");
        pss.setParameter(new PSSParameterSpec("SHA-512", "MGF1", MGF1ParameterSpec.SHA512, 64, 1));
        return pss;
    }

    byte[] sign(PrivateKey key, byte[] data) {
        try {
            Signature signature = engine();
            signature.initSign(key);
            signature.update(data);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Signing with " + this + " failed: " + e.getMessage(), e);
        }
    }

    /** False for a wrong signature and for a key this algorithm cannot use, never an exception. */
    boolean verifies(PublicKey key, byte[] data, byte[] signature) {
        if (!(key instanceof RSAKey)) {
            return false;
        }
        try {
            Signature engine = engine();
            engine.initVerify(key);
            engine.update(data);
            return engine.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
