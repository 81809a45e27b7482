// The call-to-action link (decision 0103). Values printed by `{{ … }}` in the link are marked
// while rendering; finishUrl then keeps a value that starts the link as it is (it is the link
// itself, e.g. {{ premium_product.url }}) and percent-encodes every value after that, so a
// customer's name or any other value cannot add query parameters, fragments or path segments.
// The result must be an http(s) address.

const OPEN = "\uE000";
const CLOSE = "\uE001";
const MARKERS = /[\uE000\uE001]/g;
// Unpaired UTF-16 surrogates make encodeURIComponent throw.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Control characters would be dropped silently by URL parsers: refuse them instead.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F]/;

/** Mirrors LiquidJS's own stringify (nil is "", arrays are joined). */
function text(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.map(text).join("");
  return String(value);
}

/** LiquidJS outputEscape for the link engine (engine-options.ts). */
export function markValue(value: unknown): string {
  return OPEN + text(value).replace(MARKERS, "") + CLOSE;
}

/** Template text cannot contain markers of its own. */
export function withoutMarkers(source: string): string {
  return source.replace(MARKERS, "");
}

const short = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}…` : s);

export function assertHttpUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`The link "${short(url)}" is not a web address: it must start with https:// (or http://).`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new Error(`The link must be an http(s) address; "${parsed.protocol}" links are not allowed.`);
  }
  if (CONTROL.test(url)) throw new Error("The link contains control characters (such as a line break).");
}

/** Turns the marked render into the link; "" stays "" (no link). Throws for a non-http(s) link. */
export function finishUrl(marked: string): string {
  let out = "";
  let at = 0;
  for (let open = marked.indexOf(OPEN); open >= 0; open = marked.indexOf(OPEN, at)) {
    const close = marked.indexOf(CLOSE, open + 1);
    const value = marked.slice(open + 1, close);
    out += marked.slice(at, open);
    out += out.trim() === "" ? value : encodeURIComponent(value.replace(LONE_SURROGATE, "\uFFFD"));
    at = close + 1;
  }
  const url = (out + marked.slice(at)).trim();
  if (url !== "") assertHttpUrl(url);
  return url;
}

/**
 * Save-time check of the link's literal start: text before the first tag or variable must be
 * (the start of) "http://" or "https://". What it renders to is checked by the trial render.
 */
export function literalPrefixProblem(source: string): string | null {
  const lead = /^\s*([^{]*)/.exec(source)?.[1].trim().toLowerCase() ?? "";
  if (lead === "") return null;
  const fine = ["https://", "http://"].some((scheme) => lead.startsWith(scheme) || scheme.startsWith(lead));
  return fine
    ? null
    : `The link must start with https:// (or a variable that holds a link, such as {{ shop.url }}), not "${short(lead)}".`;
}
