import { isNameLike } from "./name-shape.js";

/**
 * Values that are code or a template rather than data: what sits after `password =` or
 * `token:` in source code, type declarations and format strings an agent reads or writes.
 * (detect-secrets' is_indirect_reference and is_templated_secret filter the same two classes.)
 */

// Interpolations that only a template engine or a shell expands: ${X} {{ x }} #{x} $(cmd) %(name)s,
// and a value that starts with a shell variable ($HOME/x, $API_KEY-suffix).
const INTERPOLATION = /\$\{|\{\{|\}\}|#\{|\$\(|%\([\w.-]+\)[sdrf]|^\$[A-Za-z_]/;
// Whole-value placeholders of format strings and build tools: $X $1 %s %VAR% @VAR@ {0}.
const WHOLE_TEMPLATE = /^(?:\$(?:[A-Za-z_]\w*|\d+)|%[sdvqrxf]|%[A-Za-z_]\w*%|@[A-Za-z_]\w*@|\{\d*\})$/;
// `<your-token>`, `<API_KEY>`.
const ANGLE_PLACEHOLDER = /<[^<>]*>/;
// Sigils before a name that make it a reference: `!x`, `?x`, `&x`, `*x`, `@x`, `:x` (a SQL bind), `#x`.
const SIGILS = /^[!?&*@:#~]+/;
const IDENTIFIER = /[A-Za-z_$][\w$]*/y;
const ACCESSOR = /\?\.|!\.|\.|::|->/y;

/** True for `{x}`-, `${X}`-, `%(x)s`-, `$X`-, `{{ x }}`- and `<x>`-shaped values, whole or cut short. */
export function isTemplate(value: string): boolean {
  if (INTERPOLATION.test(value) || WHOLE_TEMPLATE.test(value) || ANGLE_PLACEHOLDER.test(value)) return true;
  // `{SumoAccessKey}`, `{cleaned_password}`, `{hasattr(form,` (an f-string cut at a separator), but
  // not a literal in braces (`{ZqL5kVrX1n8tA2}`).
  if (value.startsWith("{")) {
    const inner = value.slice(1).replace(/\}.*$/s, "");
    return isNameLike(inner) || isCodeExpression(inner);
  }
  return false;
}

/**
 * True for an expression: a name path (`self.cleaned_data`, `result.groups?.password`,
 * `Foo::BAR`) or a call, index or generic on one (`forms.CharField(`, `process.cwd()`, `a[b]`,
 * `z.string().min(6`, `Promise<string>`), possibly cut short where a rule's value stopped. Each
 * name in the path must read as a name or be short (`z`, `os`, `self`), so that a token with dots
 * in it (`s.ZC9Ecf…`, a JWT) is never taken for one.
 */
export function isCodeExpression(value: string): boolean {
  const text = value.replace(SIGILS, "");
  let at = 0;
  let segments = 0;
  let last = "";
  for (;;) {
    IDENTIFIER.lastIndex = at;
    const name = IDENTIFIER.exec(text);
    if (name === null) return false;
    // A name called or indexed may be any letters (`scanJsxToken(`); one in a path must read as a name.
    const called = "([<".includes(text.charAt(IDENTIFIER.lastIndex)) && /^[A-Za-z_$]+$/.test(name[0]);
    if (!called && !isCodeName(name[0])) return false;
    segments++;
    last = name[0];
    at = IDENTIFIER.lastIndex;
    ACCESSOR.lastIndex = at;
    const accessor = ACCESSOR.exec(text);
    if (accessor === null) break;
    at = ACCESSOR.lastIndex;
  }
  // `self.cleaned_data`; one name only with a sigil (`?NoLineTerminatorHere`, `:password`).
  if (at === text.length) return (segments >= 2 || text.length < value.length) && isNameLike(last.replace(/^\$+/, ""));
  // A call, an index or type arguments: what follows is arguments, judged no further.
  return "([<".includes(text.charAt(at));
}

function isCodeName(name: string): boolean {
  let start = 0;
  let end = name.length;
  while (start < end && (name[start] === "$" || name[start] === "_")) start++;
  while (end > start && name[end - 1] === "_") end--;
  const bare = name.slice(start, end);
  return bare.length === 0 || bare.length <= 4 || isNameLike(bare);
}
