/**
 * The fixed parts of the HTML report: its style, its script and the Content-Security-Policy that
 * admits exactly these two by hash. Nothing here depends on the result; evidence text reaches
 * the page only as escaped markup and attribute values, never inside the script.
 */
import { createHash } from "node:crypto";

export const STYLE = `
:root { color-scheme: light; --fail: #b42318; --pass: #067647; --warn: #b54708; --muted: #475467; --line: #d0d5dd; --head: #f2f4f7; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 78rem; padding: 1.5rem; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #101828; background: #fff; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
h3 { font-size: 1rem; margin: 1.5rem 0 .25rem; }
h4 { font-size: .9rem; margin: .75rem 0 .25rem; font-weight: 600; }
code { font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: anywhere; }
.muted { color: var(--muted); }
.cards { display: flex; flex-wrap: wrap; gap: .75rem; margin: 1rem 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: .5rem .9rem; min-width: 7rem; }
.card b { display: block; font-size: 1.4rem; }
.card.fail b { color: var(--fail); }
.card.pass b { color: var(--pass); }
.tallies { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
details { margin: .75rem 0; }
summary { cursor: pointer; font-weight: 600; }
details table { margin-top: .5rem; }
table { border-collapse: collapse; }
th, td { border: 1px solid var(--line); padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: var(--head); font-weight: 600; white-space: nowrap; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
th button { all: inherit; cursor: pointer; border: 0; padding: 0; }
th button::after { content: " \\2195"; color: var(--muted); }
th[aria-sort="ascending"] button::after { content: " \\2191"; color: inherit; }
th[aria-sort="descending"] button::after { content: " \\2193"; color: inherit; }
table.wide { width: 100%; }
table.findings { table-layout: fixed; }
table.findings th:nth-child(-n+2) { width: 3.5rem; }
table.findings th:nth-child(3), table.findings th:nth-child(4) { width: 6.5rem; }
table.findings th:nth-child(5) { width: 17rem; }
table.findings th:nth-child(7) { width: 12rem; }
.filters { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; margin: .5rem 0; }
.filters select { font: inherit; padding: .1rem .25rem; }
.verdict { font-weight: 700; }
.verdict.fail, tr.error td.sev { color: var(--fail); }
.verdict.pass { color: var(--pass); }
tr.warning td.sev { color: var(--warn); }
tr.suppressed td { color: var(--muted); background: #f9fafb; }
section.run { border-top: 1px solid var(--line); margin-top: 1rem; content-visibility: auto; contain-intrinsic-size: auto 20rem; }
[hidden] { display: none !important; }
`;

// Filters hide the runs table's rows, and each hidden run's findings, by the row's data
// attributes; a column header's button sorts the rows (numbers as numbers, ties in page order).
export const SCRIPT = `
(function () {
  "use strict";
  var table = document.getElementById("runs-table");
  if (!table) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var filters = Array.prototype.slice.call(document.querySelectorAll("select[data-filter]"));
  var shown = document.getElementById("runs-shown");
  function matches(row) {
    return filters.every(function (select) {
      var want = select.value;
      if (want === "") return true;
      var have = row.getAttribute("data-" + select.getAttribute("data-filter")) || "";
      return select.getAttribute("data-filter") === "categories" ? have.split(" ").indexOf(want) >= 0 : have === want;
    });
  }
  function apply() {
    var count = 0;
    rows.forEach(function (row) {
      var visible = matches(row);
      row.hidden = !visible;
      if (visible) count += 1;
      var target = row.getAttribute("data-section");
      var section = target && document.getElementById(target);
      if (section) section.hidden = !visible;
    });
    shown.textContent = count + " of " + rows.length + " runs shown";
  }
  filters.forEach(function (select) { select.addEventListener("change", apply); });
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  headers.forEach(function (header, column) {
    var button = header.querySelector("button");
    if (!button) return;
    button.addEventListener("click", function () {
      var ascending = header.getAttribute("aria-sort") !== "ascending";
      headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
      header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var numeric = header.getAttribute("data-type") === "number";
      var keyed = rows.map(function (row, index) {
        var text = row.cells[column].textContent;
        return { row: row, index: index, key: numeric ? Number(text) : text };
      });
      keyed.sort(function (a, b) {
        var order = a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
        return (ascending ? order : -order) || a.index - b.index;
      });
      var fragment = document.createDocumentFragment();
      keyed.forEach(function (entry) { fragment.appendChild(entry.row); });
      body.appendChild(fragment);
    });
  });
  apply();
})();
`;

function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("base64");
}

/**
 * Nothing may be loaded (default-src 'none'): no image, font, frame, fetch or form target; only
 * this style and this script run, by hash, so markup that slipped past escaping would still be
 * inert. Given as a meta element because the page is opened as a file.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src 'sha256-${sha256(STYLE)}'`,
  `script-src 'sha256-${sha256(SCRIPT)}'`,
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");
