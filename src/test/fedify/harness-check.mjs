// Checks follower.mjs against Fedify itself, without Loa: a Fedify publisher (the account thoi-su) accepts the
// follower's Follow, sends it a signed Create, Update and Delete of one article, and an unsigned POST; the
// follower must have recorded the three, verified, in order, and Fedify must have answered the unsigned one 401.
//
//   node_modules/.bin/node harness-check.mjs      (prints OK and exits 0, or says what is wrong and exits 1)
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { createServer as createHttpServer } from "node:http";
import { createFederation, generateCryptoKeyPair, MemoryKvStore } from "@fedify/fedify";
import { Temporal } from "@js-temporal/polyfill"; // what Fedify itself uses for dates
import { Accept, Article, Create, Delete, Follow, Service, Tombstone, Update } from "@fedify/vocab";

const freePort = () => new Promise((resolve) => {
    const socket = createServer().listen(0, "127.0.0.1", () => {
        const { port } = socket.address();
        socket.close(() => resolve(port));
    });
});
const publisherPort = await freePort();
const followerPort = await freePort();
const origin = `http://127.0.0.1:${publisherPort}`;
const keys = await generateCryptoKeyPair("RSASSA-PKCS1-v1_5");
const federation = createFederation({ kv: new MemoryKvStore(), allowPrivateAddress: true, origin });
const followers = [];

federation
    .setActorDispatcher("/ap/sections/{identifier}", async (ctx, identifier) => {
        if (identifier !== "thoi-su") return null;
        const [pair] = await ctx.getActorKeyPairs(identifier);
        return new Service({
            id: ctx.getActorUri(identifier),
            preferredUsername: identifier,
            inbox: ctx.getInboxUri(identifier),
            publicKey: pair.cryptographicKey,
        });
    })
    .setKeyPairsDispatcher(() => [keys]);
federation.setInboxListeners("/ap/sections/{identifier}/inbox", "/ap/inbox").on(Follow, async (ctx, follow) => {
    const follower = await follow.getActor(ctx);
    followers.push(follower);
    await ctx.sendActivity({ identifier: "thoi-su" }, follower, new Accept({
        id: new URL(`${origin}/ap/accepts/${followers.length}`),
        actor: ctx.getActorUri("thoi-su"),
        object: follow,
    }));
});

const http = createHttpServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const headers = new Headers();
    for (const [key, value] of Object.entries(req.headers)) headers.set(key, String(value));
    const response = await federation.fetch(new Request(new URL(req.url, origin), {
        method: req.method,
        headers,
        body: req.method === "GET" ? undefined : Buffer.concat(chunks),
    }), { contextData: undefined });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
});
await new Promise((resolve) => http.listen(publisherPort, "127.0.0.1", resolve));

const follower = spawn(process.execPath, [
    new URL("follower.mjs", import.meta.url).pathname,
    "--port", String(followerPort),
    "--target", `acct:thoi-su@127.0.0.1:${publisherPort}`,
    "--loa", origin,
], { stdio: ["ignore", "pipe", "inherit"] });
let said = "";
follower.stdout.on("data", (chunk) => { said += chunk; });

const problems = [];
const until = async (what, test, seconds = 20) => {
    for (let i = 0; i < seconds * 10; i++) {
        if (await test()) return true;
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    problems.push(`timed out waiting for ${what}`);
    return false;
};
const received = async () => (await fetch(`http://127.0.0.1:${followerPort}/received`)).json();

try {
    await until("READY and FOLLOWED", () => said.includes("READY") && said.includes("FOLLOWED"));
    await until("the follow", () => followers.length === 1);
    await until("the Accept", async () => (await received()).some((a) => a.type === "Accept"));
    const ctx = federation.createContext(new URL(origin), undefined);
    const articleId = new URL(`${origin}/articles/mot-bai`);
    const actor = ctx.getActorUri("thoi-su");
    const article = (updated) => new Article({
        id: articleId,
        attribution: actor,
        name: "Một bài",
        content: "<p>Một bài</p>",
        published: Temporal.Instant.from("2025-03-01T02:00:00Z"),
        updated: Temporal.Instant.from(updated),
    });
    const send = (activity) => ctx.sendActivity({ identifier: "thoi-su" }, followers, activity,
        { preferSharedInbox: true });
    await send(new Create({ id: new URL(`${articleId}#create`), actor, object: article("2025-03-01T02:00:00Z") }));
    await send(new Update({ id: new URL(`${articleId}#update-1`), actor, object: article("2025-03-01T03:00:00Z") }));
    await send(new Delete({ id: new URL(`${articleId}#delete`), actor, object: new Tombstone({ id: articleId }) }));
    const unsigned = await fetch(`http://127.0.0.1:${followerPort}/users/follower/inbox`, {
        method: "POST",
        headers: { "Content-Type": "application/activity+json" },
        body: JSON.stringify({
            "@context": "https://www.w3.org/ns/activitystreams",
            id: `${articleId}#unsigned`,
            type: "Create",
            actor: actor.href,
            object: { id: articleId.href, type: "Article" },
        }),
    });
    if (unsigned.status !== 401) problems.push(`an unsigned POST was answered ${unsigned.status}, not 401`);

    for (const spec of ["draft-cavage-http-signatures-12", "rfc9421"]) {
        for (const [key, wanted] of [["right", 202], ["wrong", 401]]) {
            const inbox = encodeURIComponent(`${origin}/ap/sections/thoi-su/inbox`);
            const answer = await (await fetch(
                `http://127.0.0.1:${followerPort}/send?inbox=${inbox}&key=${key}&spec=${spec}`, { method: "POST" })).json();
            if (answer.status !== wanted) problems.push(`a Follow signed (${spec}) with the ${key} key: ${answer.status}`);
        }
    }

    const got = (await received()).filter((a) => a.objectId === articleId.href);
    const seen = got.map((a) => `${a.type}:${a.verified}`).join(" ");
    const wanted = "Create:true Update:true Delete:true Create:false";
    if (seen !== wanted) problems.push(`received ${seen}, wanted ${wanted}`);
    if (got[1]?.objectUpdated !== "2025-03-01T03:00:00Z") {
        problems.push(`the Update's object has updated ${got[1]?.objectUpdated}`);
    }
    console.log(JSON.stringify(await received(), null, 2));
} finally {
    follower.kill();
    http.close();
    http.closeAllConnections();
}
if (problems.length > 0) {
    console.log(problems.join("\n"));
    process.exit(1);
}
console.log("OK");
process.exit(0);
