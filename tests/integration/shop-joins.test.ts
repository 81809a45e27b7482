// No query joins across shops (issue #19, docs/decisions/0207): every join to a shop-keyed table in
// the app's SQL pins the joined table's shop, and every Prisma relation carries shop. The check is
// tests/support/shop-joins.ts; the fixture proves it catches what it claims to.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  findCrossShopJoins,
  relationsWithoutShop,
  shopKeyedTables,
  sqlLiterals,
  unpinnedJoins,
} from "~tests/support/shop-joins";

const root = path.resolve(import.meta.dirname, "../..");
const schema = fs
  .readdirSync(path.join(root, "prisma/schema"))
  .filter((f) => f.endsWith(".prisma"))
  .map((f) => fs.readFileSync(path.join(root, "prisma/schema", f), "utf8"))
  .join("\n");
const tables = shopKeyedTables(schema);

function sources(dir: string): { file: string; text: string }[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true }).flatMap((entry) => {
    const file = path.relative(root, path.join(entry.parentPath, entry.name));
    if (!entry.isFile() || !/\.tsx?$/.test(entry.name) || /\.test\.tsx?$/.test(entry.name)) return [];
    if (file.startsWith(path.join("app", "generated"))) return [];
    return [{ file, text: fs.readFileSync(path.join(root, file), "utf8") }];
  });
}

describe("no query joins across shops", () => {
  it("knows the shop-keyed tables from the schema", () => {
    expect(tables.get("Message")).toBe("shop");
    expect(tables.get("Shop")).toBe("domain");
    expect(tables.size).toBeGreaterThan(30);
  });

  it("flags every join in the fixture that does not pin the shop, and none that does", () => {
    const file = "tests/fixtures/shop-joins/joins.sql.ts";
    const text = fs.readFileSync(path.join(root, file), "utf8");
    const literals = sqlLiterals(file, text);
    const byName = new Map(
      [...text.matchAll(/export const (\w+) =/g)].map((m, i) => [m[1], literals[i]?.text ?? ""] as const),
    );
    expect(byName.size).toBe(16);
    for (const [name, sql] of byName) {
      const found = unpinnedJoins(sql, tables);
      expect({ name, flagged: found.length > 0 }).toEqual({ name, flagged: name.startsWith("BAD_") });
    }
    expect(findCrossShopJoins([{ file, text }], tables).map((f) => f.why)).toContain("ON does not pin c.shop");
  });

  it("finds no such join in the app's SQL", () => {
    const found = findCrossShopJoins(sources("app"), tables).map(
      (f) => `${f.file}:${f.line} ${f.table} ${f.alias}: ${f.why}`,
    );
    expect(found).toEqual([]);
  });

  it("requires shop in every Prisma relation's fields and references", () => {
    expect(
      relationsWithoutShop(`model Message {\n  campaign Campaign @relation(fields: [campaignId], references: [id])\n}`),
    ).toHaveLength(1);
    expect(
      relationsWithoutShop(
        `model Message {\n  campaign Campaign @relation(fields: [shop, campaignId], references: [shop, id])\n}`,
      ),
    ).toEqual([]);
    expect(relationsWithoutShop(schema)).toEqual([]);
  });
});
