// The set-based RFM cut points (profile-time-sql.server.ts: one sorted array per dimension, the
// cut found by array position) against the pure rule in app/profile/rules/rfm.ts, on value sets
// whose quintile boundaries fall at the start, inside and at the end of runs of ties.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cutPoints } from "~/profile/rules/rfm";
import { createCuts, readCuts } from "~/profile/profile-time-sql.server";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import { mulberry32 } from "~sim/util/rng";

type Row = { n: number; net: number; at: number };

describe("RFM cut points in SQL", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  /** The stored cuts (r in epoch ms) for these customers; null where no one reaches the score. */
  async function sqlCuts(rows: Row[]): Promise<Record<string, number | null>> {
    const client = await db.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query(
        `CREATE TEMP TABLE _a ON COMMIT DROP AS
         SELECT n, net::numeric AS net, to_timestamp(at / 1000.0)::timestamp AS last_at FROM unnest($1::int[], $2::float8[], $3::float8[]) r(n, net, at)`,
        [rows.map((r) => r.n), rows.map((r) => r.net), rows.map((r) => r.at)],
      );
      await createCuts(client);
      return await readCuts(client);
    } finally {
      await client.query("ROLLBACK");
      client.release();
    }
  }

  const expected = (rows: Row[]) => {
    const out: Record<string, number | null> = { customers: rows.length };
    for (const [d, values] of [
      ["r", rows.map((r) => r.at)],
      ["f", rows.map((r) => r.n)],
      ["m", rows.map((r) => r.net)],
    ] as const) {
      cutPoints(values).forEach((c, i) => (out[`${d}${i + 2}`] = Number.isFinite(c) ? c : null));
    }
    return out;
  };

  it("equals the pure rule on heavy ties, boundaries inside and at the end of a run", async () => {
    const random = mulberry32(7);
    const cases: Row[][] = [
      [{ n: 1, net: 10, at: 1_700_000_000_000 }],
      Array.from({ length: 10 }, (_, i) => ({
        n: i < 9 ? 1 : 2,
        net: i < 2 ? 5 : 7,
        at: 1_700_000_000_000 + (i % 3) * 86_400_000,
      })),
      Array.from({ length: 5 }, () => ({ n: 3, net: 3, at: 1_700_000_000_000 })),
      // all distinct: each cut is the value at its position, whatever N is modulo 5
      ...[3, 7, 13, 26].map((size) =>
        Array.from({ length: size }, (_, i) => ({
          n: size - i,
          net: i * 1.5,
          at: 1_700_000_000_000 + ((i * 7) % size) * 1000,
        })),
      ),
      Array.from({ length: 997 }, () => ({
        n: 1 + Math.floor(random() ** 3 * 12),
        net: Math.round(random() * 40) * 25,
        at: 1_700_000_000_000 + Math.floor(random() * 60) * 86_400_000 + Math.floor(random() * 3) * 1000,
      })),
    ];
    for (const rows of cases) expect(await sqlCuts(rows)).toEqual(expected(rows));
  });

  it("gives no cut points for no customers", async () => {
    const cut = await sqlCuts([]);
    expect(cut).toEqual({
      ...Object.fromEntries(["r", "f", "m"].flatMap((d) => [2, 3, 4, 5].map((k) => [`${d}${k}`, null]))),
      customers: 0,
    });
  });
});
