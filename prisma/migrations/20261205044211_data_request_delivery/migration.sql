-- Data requests are delivered from Settings and kept 30 days (docs/decisions/0116-data-requests.md).

-- DropIndex
DROP INDEX "DataRequest_shop_customerId_idx";

-- Existing rows: a request key for those without a data_request id, replays collapsed to the newest
-- row, and the 30-day retention counted from when each was received.
UPDATE "DataRequest" SET "requestId" = 'customer:' || "customerId" WHERE "requestId" IS NULL;
DELETE FROM "DataRequest" d USING "DataRequest" newer
 WHERE newer.shop = d.shop AND newer."requestId" = d."requestId" AND (newer."createdAt", newer.id) > (d."createdAt", d.id);

-- AlterTable
ALTER TABLE "DataRequest" ADD COLUMN     "downloadedAt" TIMESTAMP(3),
ADD COLUMN     "expiresAt" TIMESTAMP(3),
ADD COLUMN     "status" TEXT NOT NULL DEFAULT 'ready',
ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ALTER COLUMN "requestId" SET NOT NULL;
UPDATE "DataRequest" SET "expiresAt" = "createdAt" + interval '30 days';
ALTER TABLE "DataRequest" ALTER COLUMN "expiresAt" SET NOT NULL;

-- CreateIndex
CREATE INDEX "DataRequest_shop_createdAt_idx" ON "DataRequest"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "DataRequest_expiresAt_idx" ON "DataRequest"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "DataRequest_shop_requestId_key" ON "DataRequest"("shop", "requestId");
