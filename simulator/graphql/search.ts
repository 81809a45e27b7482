// Shopify's search syntax, the subset the app needs: `field:value`, `field:>value`,
// `field:>=`, `:<`, `:<=`, quoted values, `-field:value` / `NOT field:value`, implicit AND,
// `OR` between terms, and bare words matched as text.

export interface Term {
  field: string | null;
  op: ":" | ">" | ">=" | "<" | "<=";
  value: string;
  negate: boolean;
}

export type FieldValue = string | number | null | string[];
/** Gives a record's value for a search field; undefined = field unknown (the term is ignored, as Shopify does). */
export type FieldLookup = (field: string) => FieldValue | undefined;

function tokenize(query: string): string[] {
  const tokens: string[] = [];
  const re = /\s*((?:[^\s'"]+|'[^']*'|"[^"]*")+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(query))) tokens.push(m[1]);
  return tokens;
}

const unquote = (v: string): string => v.replace(/^(['"])(.*)\1$/, "$2");

export function parseQuery(query: string | null | undefined): Term[][] {
  if (!query || !query.trim()) return [];
  const groups: Term[][] = [[]];
  let negateNext = false;
  for (const token of tokenize(query)) {
    if (token === "AND") continue;
    if (token === "OR") {
      groups.push([]);
      continue;
    }
    if (token === "NOT") {
      negateNext = true;
      continue;
    }
    let t = token;
    let negate = negateNext;
    negateNext = false;
    if (t.startsWith("-")) {
      negate = true;
      t = t.slice(1);
    }
    const m = /^([a-z_]+):(>=|<=|>|<)?(.*)$/.exec(t);
    if (m) groups.at(-1)!.push({ field: m[1], op: (m[2] as Term["op"]) ?? ":", value: unquote(m[3]), negate });
    else groups.at(-1)!.push({ field: null, op: ":", value: unquote(t), negate });
  }
  return groups.filter((g) => g.length > 0);
}

function asComparable(value: string): number | string {
  if (/^\d+$/.test(value)) return Number(value);
  const gidMatch = /^gid:\/\/shopify\/\w+\/(\d+)$/.exec(value);
  if (gidMatch) return Number(gidMatch[1]);
  const t = Date.parse(value);
  if (!Number.isNaN(t) && /^\d{4}-\d{2}-\d{2}/.test(value)) return t;
  return value.toLowerCase();
}

function matchTerm(term: Term, lookup: FieldLookup): boolean {
  const raw = lookup(term.field ?? "default");
  if (raw === undefined) return true;
  const values = Array.isArray(raw) ? raw : [raw];
  const want = asComparable(term.value);
  const hit = values.some((v) => {
    if (v === null) return false;
    const have = typeof v === "number" ? v : asComparable(v);
    if (term.op === ":") {
      if (typeof have === "string" && typeof want === "string")
        return term.field === null || term.field === "default"
          ? have.includes(want)
          : have === want || (want.endsWith("*") && have.startsWith(want.slice(0, -1)));
      return have === want;
    }
    if (typeof have !== typeof want) return false;
    if (term.op === ">") return have > want;
    if (term.op === ">=") return have >= want;
    if (term.op === "<") return have < want;
    return have <= want;
  });
  return term.negate ? !hit : hit;
}

export function matches(groups: Term[][], lookup: FieldLookup): boolean {
  if (groups.length === 0) return true;
  return groups.some((g) => g.every((t) => matchTerm(t, lookup)));
}
