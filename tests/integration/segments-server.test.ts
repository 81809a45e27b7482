// Saved segments CRUD and member previews with paging.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pillarSegment } from "~/segments/rules/pillars";
import { SegmentValidationError, type SegmentRule } from "~/segments/rules";
import { isMember } from "~/segments/facts.server";
import { listMembers } from "~/segments/members.server";
import {
  createSegment,
  deleteSegment,
  getSegment,
  listSegments,
  SegmentNameTakenError,
  updateSegment,
} from "~/segments/saved.server";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import { seedStore } from "~tests/support/segment-store";

const SHOP = "crud.myshopify.com";
const NOW = new Date("2026-11-29T12:00:00.000Z");
const vip: SegmentRule = { type: "tag", match: "any", tags: ["vip"] };

describe("saved segments and member previews", () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedStore(db.pool, SHOP, {
      customers: [
        { id: 5, firstName: "Ada", lastName: "Lovelace", email: "ada@example.com", tags: ["vip"] },
        { id: 7, email: "grace@example.com", tags: ["vip"] },
        { id: 9, tags: ["vip"] },
        { id: 11, firstName: "Not", lastName: "Vip" },
        { id: 13, firstName: "Gone", tags: ["vip"], redactedAt: new Date("2026-10-01T00:00:00Z") },
      ],
      profiles: [{ customerId: 5, orderCount: 3, netSpend: "120.5", lastOrderAt: new Date("2026-11-01T10:00:00Z") }],
    });
    await seedStore(db.pool, "elsewhere.myshopify.com", { customers: [{ id: 6, tags: ["vip"] }] });
  });
  afterAll(async () => db?.drop());

  it("creates, reads, lists, updates and deletes, validating every write", async () => {
    const saved = await createSegment(db, SHOP, { name: " VIPs ", pillar: "loyalty", definition: vip });
    expect(saved).toMatchObject({ shop: SHOP, name: "VIPs", pillar: "loyalty", definition: vip });
    await expect(
      createSegment(db, SHOP, {
        name: "Broken",
        definition: { type: "all", rules: [{ type: "tag", match: "some", tags: ["x"] }] },
      }),
    ).rejects.toThrow(SegmentValidationError);
    await expect(createSegment(db, SHOP, { name: "VIPs", definition: vip })).rejects.toThrow(SegmentNameTakenError);
    await createSegment(db, SHOP, { name: "Affinity", pillar: "affinity", definition: pillarSegment("affinity") });
    expect((await listSegments(db, SHOP)).map((s) => s.name)).toEqual(["Affinity", "VIPs"]);
    expect(await listSegments(db, "elsewhere.myshopify.com")).toEqual([]);
    expect(await getSegment(db, "elsewhere.myshopify.com", saved.id)).toBeNull();
    await expect(updateSegment(db, SHOP, saved.id, { definition: { type: "not" } })).rejects.toMatchObject({
      errors: [{ path: "" }],
    });
    const updated = await updateSegment(db, SHOP, saved.id, {
      name: "VIP club",
      definition: { type: "not", rule: vip },
    });
    expect(updated).toMatchObject({ name: "VIP club", pillar: "loyalty", definition: { type: "not", rule: vip } });
    expect(await deleteSegment(db, "elsewhere.myshopify.com", saved.id)).toBe(false);
    expect(await deleteSegment(db, SHOP, saved.id)).toBe(true);
    expect(await getSegment(db, SHOP, saved.id)).toBeNull();
  });

  it("pages member previews by customer id with names and key facts", async () => {
    const first = await listMembers(db, SHOP, vip, NOW, { limit: 2 });
    expect(first.members).toEqual([
      {
        customerId: "5",
        displayName: "Ada Lovelace",
        email: "ada@example.com",
        orderCount: 3,
        netSpend: "120.5000",
        lastOrderAt: "2026-11-01T10:00:00.000Z",
      },
      {
        customerId: "7",
        displayName: "grace@example.com",
        email: "grace@example.com",
        orderCount: null,
        netSpend: null,
        lastOrderAt: null,
      },
    ]);
    expect(first.nextCursor).toBe("7");
    const second = await listMembers(db, SHOP, vip, NOW, { limit: 2, cursor: first.nextCursor });
    expect(second).toEqual({
      members: [expect.objectContaining({ customerId: "9", displayName: "Customer 9" })],
      nextCursor: null,
    });
  });

  it("answers membership for one customer, never for a redacted one", async () => {
    expect(await isMember(db, SHOP, vip, "5", NOW)).toBe(true);
    expect(await isMember(db, SHOP, vip, 11n, NOW)).toBe(false);
    expect(await isMember(db, SHOP, vip, "13", NOW)).toBe(false);
    expect(await isMember(db, SHOP, vip, "999", NOW)).toBe(false);
  });
});
