// hcl2json-batch.js FILE... - convert each file with HashiCorp's HCL parser
// (@cdktf/hcl2json, HCL compiled to WASM) and print one JSON line per file:
// {"file": F, "ok": true, "json": {...}} or {"file": F, "ok": false, "error": "..."}.
// Used by t/hcl-diff.t; NODE_PATH points at build/node/node_modules.
const fs = require("fs");
const { parse } = require("@cdktf/hcl2json");

(async () => {
  for (const f of process.argv.slice(2)) {
    let line;
    try {
      const json = await parse(f, fs.readFileSync(f, "utf8"));
      line = { file: f, ok: true, json };
    } catch (e) {
      line = { file: f, ok: false, error: String((e && e.message) || e).slice(0, 500) };
    }
    process.stdout.write(JSON.stringify(line) + "\n");
  }
})();
