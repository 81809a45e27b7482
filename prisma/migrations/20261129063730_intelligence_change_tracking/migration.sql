-- AlterTable
ALTER TABLE "CustomerProfile" DROP COLUMN "linesFingerprint",
DROP COLUMN "ordersFingerprint";

-- AlterTable
ALTER TABLE "ShopIntelligence" ADD COLUMN     "xidHorizon" JSONB;

-- CreateTable
CREATE TABLE "IntelligenceDirty" (
    "shop" TEXT NOT NULL,
    "customerId" BIGINT NOT NULL,

    CONSTRAINT "IntelligenceDirty_pkey" PRIMARY KEY ("shop","customerId")
);


-- Hand-added (the Prisma schema has no triggers): a customer who loses an Order or LineItem row -
-- deleted, or re-assigned to another customer - is marked for the next recompute. Deletes are
-- recorded once per statement, re-assignment by a row trigger that fires only when customerId
-- actually changes, so the usual inserts and upserts of ingest pay nothing (docs/decisions/0071).
-- The function bodies spell their semicolons as \073: the migration runner splits scripts at every
-- semicolon, dollar quotes included.
CREATE FUNCTION "intelligence_mark_deleted"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN
  INSERT INTO "IntelligenceDirty" (shop, "customerId")
  SELECT DISTINCT shop, "customerId" FROM gone WHERE "customerId" IS NOT NULL ON CONFLICT DO NOTHING\073
  RETURN NULL\073
END';

CREATE FUNCTION "intelligence_mark_reassigned"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN
  IF OLD."customerId" IS NOT NULL THEN
    INSERT INTO "IntelligenceDirty" (shop, "customerId") VALUES (OLD.shop, OLD."customerId") ON CONFLICT DO NOTHING\073
  END IF\073
  RETURN NULL\073
END';

CREATE TRIGGER "Order_intelligence_delete" AFTER DELETE ON "Order"
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION "intelligence_mark_deleted"();
CREATE TRIGGER "Order_intelligence_reassign" AFTER UPDATE OF "customerId" ON "Order"
  FOR EACH ROW WHEN (OLD."customerId" IS DISTINCT FROM NEW."customerId") EXECUTE FUNCTION "intelligence_mark_reassigned"();
CREATE TRIGGER "LineItem_intelligence_delete" AFTER DELETE ON "LineItem"
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION "intelligence_mark_deleted"();
CREATE TRIGGER "LineItem_intelligence_reassign" AFTER UPDATE OF "customerId" ON "LineItem"
  FOR EACH ROW WHEN (OLD."customerId" IS DISTINCT FROM NEW."customerId") EXECUTE FUNCTION "intelligence_mark_reassigned"();
