// Verifies one received webhook with the Standard Webhooks reference library for JavaScript/TypeScript.
// Usage: node verify.cjs MESSAGE.json, the file holding {"secret": "whsec_…", "headers": {…}, "body": "…"}.
// Prints the verified payload's type and exits 0, or prints why it failed and exits 1.
const { Webhook } = require("standardwebhooks");
const fs = require("node:fs");

const message = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
try {
  const payload = new Webhook(message.secret).verify(message.body, message.headers);
  console.log("verified " + payload.type);
} catch (e) {
  console.log("refused: " + e.message);
  process.exit(1);
}
