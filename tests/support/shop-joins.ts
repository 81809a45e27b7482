// The "no query joins across shops" check (docs/scaling.md, docs/decisions/0207). Every SQL text in
// the app's source (string and template literals, `${…}` read as a parameter) is scanned for joins
// to a shop-keyed table — `JOIN "T" t ON …`, `JOIN "T" t USING (…)`, and the second and later
// tables of a comma list after FROM or USING — and each must pin that table's shop: an equality
// between `t.shop` and a parameter or another table's shop (`"Shop"` is keyed by `domain`). Prisma
// relations must carry shop in both their fields and references.
import ts from "typescript";

export interface JoinFinding {
  file: string;
  line: number;
  table: string;
  alias: string;
  why: string;
  sql: string;
}

/** Models with a shop column, read from the Prisma schema text, and the column that is their shop. */
export function shopKeyedTables(schema: string): Map<string, string> {
  const tables = new Map<string, string>();
  for (const m of schema.matchAll(/^model\s+(\w+)\s*\{([^}]*)\}/gm)) {
    if (/^\s*shop\s+String\b/m.test(m[2])) tables.set(m[1], "shop");
    else if (m[1] === "Shop") tables.set(m[1], "domain");
  }
  return tables;
}

/** Relations (`@relation(fields: […], references: […])`) that leave shop out of either list. */
export function relationsWithoutShop(schema: string): string[] {
  const out: string[] = [];
  for (const m of schema.matchAll(/^\s*(\w+)\s+\w+\??\s+@relation\(([^)]*)\)/gm)) {
    const list = (name: string) => new RegExp(`${name}:\\s*\\[([^\\]]*)\\]`).exec(m[2])?.[1] ?? "";
    const has = (text: string) => text.split(",").some((c) => c.trim() === "shop" || c.trim() === "domain");
    if (!has(list("fields")) || !has(list("references"))) out.push(`${m[1]}: @relation(${m[2].trim()})`);
  }
  return out;
}

/** Every string or template literal in a TypeScript source that looks like SQL, with its line. */
export function sqlLiterals(fileName: string, source: string): { line: number; text: string }[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const out: { line: number; text: string }[] = [];
  const visit = (node: ts.Node) => {
    let text: string | null = null;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) text = node.text;
    else if (ts.isTemplateExpression(node))
      text = node.head.text + node.templateSpans.map((s) => `$_${s.literal.text}`).join("");
    if (text !== null && /\bJOIN\b|\bFROM\b[^;]*,/i.test(text)) {
      out.push({ line: file.getLineAndCharacterOfPosition(node.getStart()).line + 1, text });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

const END =
  /^(?:LEFT|RIGHT|INNER|FULL|CROSS|NATURAL|JOIN|WHERE|GROUP|ORDER|LIMIT|UNION|EXCEPT|INTERSECT|RETURNING|HAVING|WINDOW|ON|SET|FOR|OFFSET|FETCH|VALUES|SELECT|DO)$/i;
const KEYWORD = /^(?:AS|ON|USING|WHERE|LEFT|RIGHT|INNER|FULL|CROSS|JOIN|LATERAL|GROUP|ORDER|LIMIT|SET|TABLESAMPLE)$/i;

/** The text from `start` to the first top-level `)` or clause keyword. */
function clause(sql: string, start: number): string {
  let depth = 0;
  const re = /\(|\)|'(?:[^']|'')*'|"[^"]*"|[A-Za-z_]+|;/g;
  re.lastIndex = start;
  for (let m = re.exec(sql); m; m = re.exec(sql)) {
    const t = m[0];
    if (t === "(") depth++;
    else if (t === ")") {
      if (depth === 0) return sql.slice(start, m.index);
      depth--;
    } else if (t === ";" && depth === 0) return sql.slice(start, m.index);
    else if (depth === 0 && END.test(t) && !(t.toUpperCase() === "ON" && sql.slice(m.index).match(/^ON\s+CONFLICT/i)))
      return sql.slice(start, m.index);
  }
  return sql.slice(start);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\"]/g, "\\$&");

/** Whether `condition` holds `alias.column = X` with X a parameter or some table's shop (or Shop.domain). */
function pinsShop(condition: string, alias: string, column: string): boolean {
  const own = `(?:${escape(alias)}\\s*\\.\\s*"?${column}"?)`;
  const other = `(?:\\$\\w+(?:::\\w+)?|(?:"?\\w+"?\\s*\\.\\s*)?"?(?:shop|domain)"?)`;
  return new RegExp(`${own}\\s*=\\s*${other}(?![\\w.])|${other}\\s*=\\s*${own}(?![\\w.])`, "i").test(condition);
}

/** The joins in one SQL text that do not pin the joined shop-keyed table's shop. */
export function unpinnedJoins(sql: string, tables: Map<string, string>): Omit<JoinFinding, "file" | "line">[] {
  const out: Omit<JoinFinding, "file" | "line">[] = [];
  const ref = /"(\w+)"(?:\s+(?:AS\s+)?("?\w+"?))?/y;
  const readRef = (at: number) => {
    // A table name computed in TypeScript (`JOIN ${table} p`) could be any table: held to the rule.
    const computed = /^\$_\s+(?:AS\s+)?(\w+)/i.exec(sql.slice(at));
    if (computed && !KEYWORD.test(computed[1]))
      return { table: "(computed)", alias: computed[1], end: at + computed[0].length };
    ref.lastIndex = at;
    const m = ref.exec(sql);
    if (!m || !tables.has(m[1])) return null;
    const alias = m[2] && !KEYWORD.test(m[2]) ? m[2].replace(/"/g, "") : `"${m[1]}"`;
    return { table: m[1], alias, end: ref.lastIndex - (m[2] && KEYWORD.test(m[2]) ? m[2].length : 0) };
  };
  const report = (table: string, alias: string, why: string) => out.push({ table, alias, why, sql });
  for (const j of sql.matchAll(/\bJOIN\s+(?:LATERAL\s+)?/gi)) {
    const r = readRef(j.index + j[0].length);
    if (!r) continue;
    const column = tables.get(r.table) ?? "shop";
    const rest = sql.slice(r.end);
    const using = /^\s*USING\s*\(([^)]*)\)/i.exec(rest);
    if (using) {
      if (!using[1].split(",").some((c) => c.trim().replace(/"/g, "") === "shop"))
        report(r.table, r.alias, "USING without shop");
      continue;
    }
    const on = /^\s*ON\b/i.exec(rest);
    if (!on) {
      report(r.table, r.alias, "joined without a condition");
      continue;
    }
    if (!pinsShop(clause(sql, r.end + on[0].length), r.alias, column))
      report(r.table, r.alias, `ON does not pin ${r.alias}.${column}`);
  }
  // Comma lists: FROM a, "T" t WHERE … (and UPDATE … FROM / DELETE … USING).
  for (const f of sql.matchAll(/\b(?:FROM|USING)\s+/gi)) {
    const list = clause(sql, f.index + f[0].length);
    const items = splitTopLevel(list);
    if (items.length < 2) continue;
    const after = sql.slice(f.index + f[0].length + list.length);
    const where = /^\s*WHERE\b/i.test(after)
      ? clause(sql, f.index + f[0].length + list.length + after.indexOf("WHERE") + 5)
      : "";
    for (const item of items.slice(1)) {
      const m = /^\s*"(\w+)"(?:\s+(?:AS\s+)?("?\w+"?))?\s*$/i.exec(item);
      if (!m || !tables.has(m[1])) continue;
      const alias = m[2] ? m[2].replace(/"/g, "") : `"${m[1]}"`;
      const column = tables.get(m[1]) ?? "shop";
      if (!pinsShop(where, alias, column)) report(m[1], alias, `WHERE does not pin ${alias}.${column}`);
    }
  }
  return out;
}

function splitTopLevel(list: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "," && depth === 0) {
      items.push(list.slice(from, i));
      from = i + 1;
    }
  }
  items.push(list.slice(from));
  return items;
}

/** Every unpinned join in the given sources. */
export function findCrossShopJoins(
  sources: { file: string; text: string }[],
  tables: Map<string, string>,
): JoinFinding[] {
  return sources.flatMap(({ file, text }) =>
    sqlLiterals(file, text).flatMap(({ line, text: sql }) =>
      unpinnedJoins(sql, tables).map((f) => ({ ...f, file, line })),
    ),
  );
}
