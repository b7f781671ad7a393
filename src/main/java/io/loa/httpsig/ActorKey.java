package io.loa.httpsig;

import java.security.PublicKey;

/** A public key as its owner published it: its id ({@code …#main-key}), the actor that owns it, the key. */
public record ActorKey(String keyId, String owner, PublicKey publicKey) {}
