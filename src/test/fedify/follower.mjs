// A fediverse follower built on Fedify, the ActivityPub library: it follows one account of a Loa and records
// every activity its inboxes receive, so that a test can see what Loa delivered and whether Fedify verified it.
//
//   node_modules/.bin/node follower.mjs --port P --target acct:thoi-su@HOST --loa http://127.0.0.1:LOAPORT
//
// It serves its actor (a Person with an RSA key made at start, at /users/follower), its WebFinger, its inbox and
// a shared inbox at http://127.0.0.1:P; looks the target up by WebFinger; sends it a Follow; prints READY on
// stdout once listening and FOLLOWED <target id> (or FOLLOW-FAILED <reason>) once the Follow went.
//
// POST /send?inbox=URL&key=right|wrong&spec=draft-cavage-http-signatures-12|rfc9421 sends a Follow of the target
// to that inbox, signed by Fedify under this actor's key id with its key (right) or with a key made for the
// occasion (wrong), and answers {status, body}: what the inbox answered.
//
// GET /received answers, as JSON, every activity received so far, in order of arrival:
//   { type, id, actor, objectId, objectUpdated, verified, signature, inbox, receivedAt }
// verified is true where Fedify verified the sender's signature (only those reach its listeners); an activity
// Fedify could not verify is recorded with verified false and the reason, and answered 401 by Fedify as always.
// signature names the scheme the request was signed with: "rfc9421", "draft-cavage" or "none".
//
// WebFinger for an acct: handle is https by definition (Fedify, like Mastodon, asks https://HOST/.well-known/...);
// a Loa under test speaks plain HTTP, so requests for https://HOST/.well-known/ go to --loa instead. Nothing else
// is rewritten: actor, key and object URLs are fetched as Loa publishes them.
import { createServer } from "node:http";
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { createFederation, generateCryptoKeyPair, MemoryKvStore, signRequest } from "@fedify/fedify";
import { Activity, Endpoints, Follow, Person } from "@fedify/vocab";

const { values: args } = parseArgs({
    options: {
        port: { type: "string" },
        target: { type: "string" },
        loa: { type: "string" },
        name: { type: "string", default: "follower" },
    },
});
if (!args.port || !args.target || !args.loa) {
    console.error("usage: follower.mjs --port P --target acct:NAME@HOST --loa http://127.0.0.1:LOAPORT [--name follower]");
    process.exit(2);
}
const origin = `http://127.0.0.1:${args.port}`;
const loa = new URL(args.loa);
const name = args.name;

// WebFinger of the target's host, which Fedify asks over https, goes to Loa over what it speaks.
const handleHost = args.target.startsWith("acct:") ? args.target.substring(args.target.lastIndexOf("@") + 1) : null;
const systemFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (handleHost !== null && url.protocol === "https:" && url.host === handleHost
            && url.pathname.startsWith("/.well-known/")) {
        const local = new URL(url.pathname + url.search, loa);
        console.error(`follower: ${url.href} asked at ${local.href}`);
        return systemFetch(input instanceof Request ? new Request(local, input) : local, init);
    }
    return systemFetch(input, init);
};

const keys = await generateCryptoKeyPair("RSASSA-PKCS1-v1_5");
const federation = createFederation({ kv: new MemoryKvStore(), allowPrivateAddress: true, origin });

federation
    .setActorDispatcher("/users/{identifier}", async (ctx, identifier) => {
        if (identifier !== name) return null;
        const [pair] = await ctx.getActorKeyPairs(identifier);
        return new Person({
            id: ctx.getActorUri(identifier),
            preferredUsername: identifier,
            name: "Fedify follower",
            inbox: ctx.getInboxUri(identifier),
            endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
            publicKey: pair.cryptographicKey,
            assertionMethods: [pair.multikey],
        });
    })
    .setKeyPairsDispatcher((ctx, identifier) => (identifier === name ? [keys] : []));

const received = [];
const bodies = new Map(); // the raw JSON of the request being handled, by activity id
const signatures = new Map(); // the signature scheme of that request, by activity id
const paths = new Map(); // the inbox that request was posted to, by activity id

function record(ctx, activity, verified, reason) {
    const id = activity.id?.href ?? null;
    const raw = bodies.get(id) ?? {};
    const object = raw.object;
    received.push({
        type: raw.type ?? activity.constructor.name,
        id,
        actor: activity.actorId?.href ?? null,
        objectId: typeof object === "string" ? object : object?.id ?? activity.objectId?.href ?? null,
        objectType: typeof object === "object" && object !== null ? object.type ?? null : null,
        objectUpdated: typeof object === "object" && object !== null ? object.updated ?? null : null,
        verified,
        reason: reason ?? null,
        signature: signatures.get(id) ?? "none",
        inbox: paths.get(id) === "/inbox" ? "shared" : "personal",
        receivedAt: new Date().toISOString(),
    });
    console.error(`follower: received ${raw.type} ${id} (verified: ${verified})`);
}

federation
    .setInboxListeners("/users/{identifier}/inbox", "/inbox")
    // Every delivery reaches the listener, a repeated one too: the test counts them.
    .withIdempotency(() => null)
    .on(Activity, (ctx, activity) => record(ctx, activity, true))
    .onUnverifiedActivity((ctx, activity, reason) => {
        record(ctx, activity, false, reason?.type ?? String(reason));
    });

function scheme(headers) {
    if (headers.get("signature-input") !== null) return "rfc9421";
    if (headers.get("signature") !== null) return "draft-cavage";
    return "none";
}

let targetId = null;

/** A Follow of the target signed by Fedify, under this actor's key id, with its own key or a wrong one. */
async function send(inbox, key, spec) {
    const actor = new URL(`/users/${name}`, origin);
    const body = JSON.stringify({
        "@context": "https://www.w3.org/ns/activitystreams",
        id: `${origin}/follows/${randomUUID()}`,
        type: "Follow",
        actor: actor.href,
        object: targetId,
    });
    const privateKey = key === "right" ? keys.privateKey : (await generateCryptoKeyPair("RSASSA-PKCS1-v1_5")).privateKey;
    const request = await signRequest(
        new Request(inbox, {
            method: "POST",
            headers: { "Content-Type": "application/activity+json", Accept: "application/activity+json" },
            body,
        }),
        privateKey,
        new URL(`${actor.href}#main-key`),
        { spec },
    );
    const response = await systemFetch(request);
    return { status: response.status, body: await response.text() };
}

const server = createServer(async (req, res) => {
    try {
        const url = new URL(req.url, origin);
        if (req.method === "POST" && url.pathname === "/send") {
            const answer = await send(new URL(url.searchParams.get("inbox")), url.searchParams.get("key"),
                url.searchParams.get("spec") ?? "draft-cavage-http-signatures-12");
            res.writeHead(200, { "Content-Type": "application/json" });
            res.end(JSON.stringify(answer));
            return;
        }
        if (req.method === "GET" && url.pathname === "/received") {
            res.writeHead(200, { "Content-Type": "application/json" });
            res.end(JSON.stringify(received));
            return;
        }
        const chunks = [];
        for await (const chunk of req) chunks.push(chunk);
        const body = Buffer.concat(chunks);
        const headers = new Headers();
        for (const [key, value] of Object.entries(req.headers)) {
            headers.set(key, Array.isArray(value) ? value.join(", ") : value);
        }
        let activityId = null;
        if (req.method === "POST") {
            try {
                const json = JSON.parse(body.toString("utf8"));
                activityId = typeof json.id === "string" ? json.id : null;
                bodies.set(activityId, json);
                signatures.set(activityId, scheme(headers));
                paths.set(activityId, url.pathname);
            } catch {
                // Not JSON: Fedify answers it.
            }
        }
        const request = new Request(url, {
            method: req.method,
            headers,
            body: req.method === "GET" || req.method === "HEAD" ? undefined : body,
        });
        const response = await federation.fetch(request, { contextData: undefined });
        if (req.method === "POST") {
            console.error(`follower: POST ${url.pathname} ${activityId} -> ${response.status}`);
        }
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
    } catch (e) {
        console.error("follower: request failed", e);
        res.writeHead(500);
        res.end();
    }
});

server.listen(Number(args.port), "127.0.0.1", async () => {
    console.log("READY");
    const ctx = federation.createContext(new URL(origin), undefined);
    try {
        let target = null;
        for (let attempt = 0; target === null && attempt < 20; attempt++) {
            target = await ctx.lookupObject(args.target);
            if (target === null) await new Promise((resolve) => setTimeout(resolve, 250));
        }
        if (target === null || target.id === null) throw new Error(`${args.target} was not found`);
        targetId = target.id.href;
        await ctx.sendActivity(
            { identifier: name },
            target,
            new Follow({
                id: new URL(`${origin}/follows/${randomUUID()}`),
                actor: ctx.getActorUri(name),
                object: target.id,
            }),
        );
        console.log(`FOLLOWED ${target.id.href}`);
    } catch (e) {
        console.log(`FOLLOW-FAILED ${String(e?.message ?? e).replaceAll("\n", " ")}`);
        console.error(e);
    }
});

for (const signal of ["SIGTERM", "SIGINT"]) {
    process.on(signal, () => server.close(() => process.exit(0)));
}
