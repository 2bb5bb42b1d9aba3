// sarif-validate.js SARIF SECRET... - validate a tfauth SARIF log against
// the SARIF 2.1.0 JSON schema (ajv + the schema file shipped in
// @microsoft/jest-sarif) and against what GitHub code scanning needs
// (ecosystem-conventions.md §2.4, §5.3). Prints TAP lines, no plan.
const fs = require("fs");
const path = require("path");
const Ajv = require("ajv-draft-04"); // the schema is draft-04
const addFormats = require("ajv-formats");

const file = process.argv[2];
const secrets = process.argv.slice(3);
const text = fs.readFileSync(file, "utf8");
const log = JSON.parse(text);
const schemaPath = path.join(path.dirname(require.resolve("@microsoft/jest-sarif/package.json")),
  "lib", "schemas", "sarif-2.1.0-rtm.5.json");
const schema = JSON.parse(fs.readFileSync(schemaPath, "utf8"));
// unicodeRegExp off: the rtm.5 schema has a pattern with a stray "]"
// (the "language" property) that only non-Unicode regular expressions accept
const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
addFormats(ajv);
let n = 0;
function ok(cond, name, detail) {
  n++;
  console.log((cond ? "ok " : "not ok ") + n + " - " + name);
  if (!cond && detail) console.log("# " + String(detail).slice(0, 2000).replace(/\n/g, "\n# "));
}
const validate = ajv.compile(schema);
ok(validate(log), "valid against the SARIF 2.1.0 schema", JSON.stringify(validate.errors, null, 1));
ok(log.version === "2.1.0" && log.runs.length === 1, "version 2.1.0, exactly one run");
const run = log.runs[0];
const rules = run.tool.driver.rules;
const ids = new Set(rules.map((r) => r.id));
ok(rules.every((r) => r.id && r.shortDescription.text && r.fullDescription.text && r.help.text),
  "every rule has id, short and full description, help (non-empty)");
ok(rules.every((r) => r.fullDescription.text.length <= 1024 && r.shortDescription.text.length <= 1024),
  "descriptions within GitHub's 1024 characters");
ok(run.results.length > 0, "there are results to check");
ok(run.results.every((r) => ids.has(r.ruleId) && rules[r.ruleIndex].id === r.ruleId),
  "every ruleId is in rules and ruleIndex points at it");
ok(run.results.every((r) => r.message.text && r.locations.length === 1 && r.partialFingerprints &&
  r.partialFingerprints["tfauth/v1"]), "message, one location and a fingerprint per result");
const locs = run.results.map((r) => r.locations[0].physicalLocation);
ok(locs.every((l) => l && !/^[a-z]+:/.test(l.artifactLocation.uri) && !l.artifactLocation.uri.startsWith("/") &&
  !l.artifactLocation.uri.startsWith("./") && l.artifactLocation.uriBaseId === "%SRCROOT%"),
  "every URI is relative to %SRCROOT%", JSON.stringify(locs.map((l) => l && l.artifactLocation)));
ok(locs.every((l) => ["startLine", "startColumn", "endLine", "endColumn"].every((k) => Number.isInteger(l.region[k]) && l.region[k] >= 1)),
  "every region has all four fields");
ok(!text.includes("snippet"), "no snippet anywhere");
ok(secrets.every((s) => !text.includes(s)), "no secret anywhere in the log");
ok(!/AKIA[0-9A-Z]{16}|ASIA[0-9A-Z]{16}/.test(text), "no unmasked access key id");
