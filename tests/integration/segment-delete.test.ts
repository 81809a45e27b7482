// A saved segment that an active or paused campaign sends to cannot be deleted: the campaign would
// otherwise stop finding its audience without a word. The refusal names the campaigns.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSegment, deleteSegment, getSegment, SegmentInUseError } from "~/segments/saved.server";
import { removeSegment } from "~/web/screens/segments.server";
import { createTestDatabase, type TestDatabase } from "~tests/support/database";
import { ingestContext } from "~tests/support/ingest";

const SHOP = "seg-delete.myshopify.com";
const RULE = { type: "all", rules: [{ type: "compare", field: "orderCount", op: "gte", value: 1 }] };

describe("deleting a segment that campaigns use", () => {
  let database: TestDatabase;

  async function campaign(name: string, status: string, segmentId: string, shop = SHOP): Promise<void> {
    await database.prisma.campaign.create({
      data: { shop, name, pillar: "loyalty", status, segmentId, definition: {}, trigger: {}, subject: "s", body: "b" },
    });
  }

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("is refused while an active or paused campaign uses it, with their names, and the segment stays", async () => {
    const segment = await createSegment(database, SHOP, { name: "Regulars", definition: RULE });
    await campaign("Spring thanks", "active", segment.id);
    await campaign("VIP note", "paused", segment.id);
    await campaign("Someday", "draft", segment.id);
    await expect(deleteSegment(database, SHOP, segment.id)).rejects.toThrow(SegmentInUseError);
    const result = await removeSegment(ingestContext(database, { endpoint: "http://127.0.0.1:9" }), SHOP, segment.id);
    expect(result).toEqual({
      ok: false,
      errors: {
        delete: `This segment can't be deleted: the campaigns "Spring thanks" (active) and "VIP note" (paused) send to it. Choose another segment for them, or delete them, first.`,
      },
    });
    expect(await getSegment(database, SHOP, segment.id)).not.toBeNull();
  });

  it("goes ahead once only drafts (or other shops' campaigns) refer to it", async () => {
    const segment = await createSegment(database, SHOP, { name: "Lapsed", definition: RULE });
    await campaign("Draft only", "draft", segment.id);
    await campaign("Elsewhere", "active", segment.id, "other.myshopify.com");
    expect(await removeSegment(ingestContext(database, { endpoint: "http://127.0.0.1:9" }), SHOP, segment.id)).toEqual({
      ok: true,
    });
    expect(await getSegment(database, SHOP, segment.id)).toBeNull();
  });

  it("names a single campaign in the singular", async () => {
    const segment = await createSegment(database, SHOP, { name: "One user", definition: RULE });
    await campaign("Only one", "active", segment.id);
    const result = await removeSegment(ingestContext(database, { endpoint: "http://127.0.0.1:9" }), SHOP, segment.id);
    expect(result.ok ? "" : result.errors.delete).toBe(
      `This segment can't be deleted: the campaign "Only one" (active) sends to it. Choose another segment for it, or delete it, first.`,
    );
  });
});
