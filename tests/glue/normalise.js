// MARKUP.md's normalisation of a container's content, shared by the snippet's page
// (run.js) and the review page's browser test (report.js, which runs it in the page: the
// function is self-contained).
"use strict";

// Elements with their attributes sorted by name, void elements without an end tag,
// whitespace-only text dropped, `& < > U+00A0` (and `"` in attributes) escaped.
function normalise(node) {
  const VOID = ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
    "source", "track", "wbr"];
  const escapeText = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;")
    .replace(/>/g, "&gt;").replace(/\u00a0/g, "&nbsp;");
  let out = "";
  for (const child of node.childNodes) {
    if (child.nodeType === 1) {
      const name = child.localName;
      const attrs = Array.from(child.attributes).map((a) => [a.name, a.value])
        .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      out += "<" + name + attrs.map(([k, v]) => " " + k + "=\"" +
        escapeText(v).replace(/"/g, "&quot;") + "\"").join("") + ">";
      if (VOID.indexOf(name) < 0) {
        out += normalise(name === "template" ? child.content : child) + "</" + name + ">";
      }
    } else if (child.nodeType === 3) {
      if (!/^[ \t\n\f\r]*$/.test(child.data)) {
        out += escapeText(child.data);
      }
    } else if (child.nodeType === 8) {
      out += "<!--" + child.data + "-->";
    }
  }
  return out;
}

module.exports = { normalise };
