-- The fediverse's accounts (ActivityPub actors): the site ('site'), each section ('section:thoi-su') and each author
-- ('author:nguyen-van-an'). Each has one RSA key pair, made on first need by whichever instance needs it first: an
-- instance inserts its own only when no row is there, then reads the row back, so every instance signs with the
-- same key. PEM text: the public key as X.509 SubjectPublicKeyInfo, the private key as PKCS #8.
CREATE TABLE fediverse_key (
    actor       VARCHAR(200)             NOT NULL,
    public_pem  TEXT                     NOT NULL,
    private_pem TEXT                     NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT fediverse_key_pk PRIMARY KEY (actor)
);

-- Who follows each account: the remote actor's id, where its activities go (its inbox, and its server's shared
-- inbox when it has one, which takes one copy for all its followers there), and the id of the Follow it sent, which
-- an Undo names. At most 100,000 followers an account.
CREATE TABLE fediverse_follower (
    actor        VARCHAR(200)             NOT NULL,
    follower     VARCHAR(2000)            NOT NULL,
    inbox        VARCHAR(2000)            NOT NULL,
    shared_inbox VARCHAR(2000),
    follow_id    VARCHAR(2000)            NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT fediverse_follower_pk PRIMARY KEY (actor, follower)
);

CREATE INDEX fediverse_follower_follower_idx ON fediverse_follower (follower);
