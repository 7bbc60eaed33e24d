// The peer of `ppstudio rules eval` on the regex workload of benches/regex_eval.rs: V8's own
// RegExp, compiling and testing each line's pattern, as the consumer's browser does.
//
// Reads JSON Lines on standard input, each `{"rules": "custom_validation[PATTERN###MESSAGE]",
// "display": ..., "value": ...}` (a non-empty value; MESSAGE may be empty), and prints for each
// the verdict `ppstudio rules eval` prints: `{"valid":true,"rule":null,"message":null}` or
// `{"valid":false,"rule":"custom_validation","message":...}`. The pattern is the text before
// the first `###` with every `or` replaced by `|`; it is tested with the `g` flag on a fresh
// RegExp (lastIndex 0); a pattern that does not compile fails the rule.
"use strict";
const fs = require("fs");

const input = fs.readFileSync(0, "utf8");
const out = [];
let start = 0;
while (start < input.length) {
  let end = input.indexOf("\n", start);
  if (end < 0) end = input.length;
  const line = input.slice(start, end);
  start = end + 1;
  if (line.trim() === "") continue;
  const c = JSON.parse(line);
  const m = /^custom_validation\[([\s\S]*)\]$/.exec(c.rules);
  if (!m) throw new Error("not a workload line: " + line);
  const parts = m[1].split("###");
  const pattern = parts[0].replace(/or/g, "|");
  let valid;
  try {
    valid = new RegExp(pattern, "g").test(c.value);
  } catch (e) {
    valid = false;
  }
  let verdict;
  if (valid) {
    verdict = { valid: true, rule: null, message: null };
  } else {
    const custom = parts.length > 1 ? parts[1] : "";
    verdict = {
      valid: false,
      rule: "custom_validation",
      message: custom !== "" ? custom : "The " + c.display + " field is not valid.",
    };
  }
  out.push(JSON.stringify(verdict));
}
fs.writeSync(1, out.join("\n") + (out.length ? "\n" : ""));
