/** Stands in for a list's items in a skeleton document; JSON escapes it as `"\u0000…"`. */
const PLACEHOLDER = "\u0000harness-audit:items\u0000";

/**
 * Yields `JSON.stringify(skeleton, null, 2)` with `items` as the list that `setList` places in
 * the skeleton, one item at a time: the same bytes, without the whole text in memory. The
 * skeleton is stringified with a one-item placeholder list, and the items are written where
 * the placeholder's line was, each indented to its depth.
 */
export function* spliceList(skeleton: object, setList: (list: unknown[]) => void, items: Iterable<unknown>): Generator<string> {
  const iterator = items[Symbol.iterator]();
  let next = iterator.next();
  if (next.done) {
    setList([]);
    yield JSON.stringify(skeleton, null, 2);
    return;
  }
  setList([PLACEHOLDER]);
  const text = JSON.stringify(skeleton, null, 2);
  const marker = JSON.stringify(PLACEHOLDER);
  const at = text.indexOf(marker);
  const lineStart = text.lastIndexOf("\n", at) + 1;
  const indent = text.slice(lineStart, at);
  yield text.slice(0, lineStart);
  let first = true;
  while (!next.done) {
    // JSON text never holds a raw line break inside a string, so every "\n" starts a line.
    yield `${first ? "" : ",\n"}${indent}${JSON.stringify(next.value, null, 2).replaceAll("\n", `\n${indent}`)}`;
    first = false;
    next = iterator.next();
  }
  yield text.slice(at + marker.length);
}
