-- Every primary key and unique index starts with shop (docs/decisions/0206). Each of these tables
-- already has its shop column, filled on every row, so no backfill: each key gains shop in front,
-- which cannot fail on existing rows (the old key was unique on its own). The at-most-once key
-- is rebuilt before the old one goes, so it is never missing. The id index keeps the link lookups
-- (message id alone) fast once the primary key leads with shop.
-- CreateIndex
CREATE UNIQUE INDEX "Message_shop_campaignId_customerId_triggerKey_key" ON "Message"("shop", "campaignId", "customerId", "triggerKey");

-- CreateIndex
CREATE INDEX "Message_id_idx" ON "Message"("id");

-- DropIndex
DROP INDEX "Message_campaignId_customerId_triggerKey_key";

-- DropIndex
DROP INDEX "MarketingActivity_shop_idx";

-- AlterTable
ALTER TABLE "MessageClick" DROP CONSTRAINT "MessageClick_pkey",
ADD CONSTRAINT "MessageClick_pkey" PRIMARY KEY ("shop", "messageId");

-- AlterTable
ALTER TABLE "MachineClick" DROP CONSTRAINT "MachineClick_pkey",
ADD CONSTRAINT "MachineClick_pkey" PRIMARY KEY ("shop", "messageId", "reason");

-- AlterTable
ALTER TABLE "Campaign" DROP CONSTRAINT "Campaign_pkey",
ADD CONSTRAINT "Campaign_pkey" PRIMARY KEY ("shop", "id");

-- AlterTable
ALTER TABLE "Message" DROP CONSTRAINT "Message_pkey",
ADD CONSTRAINT "Message_pkey" PRIMARY KEY ("shop", "id");

-- AlterTable
ALTER TABLE "Unsubscribe" DROP CONSTRAINT "Unsubscribe_pkey",
ADD CONSTRAINT "Unsubscribe_pkey" PRIMARY KEY ("shop", "id");

-- AlterTable
ALTER TABLE "SyncRun" DROP CONSTRAINT "SyncRun_pkey",
ADD CONSTRAINT "SyncRun_pkey" PRIMARY KEY ("shop", "id");

-- AlterTable
ALTER TABLE "WebhookDelivery" DROP CONSTRAINT "WebhookDelivery_pkey",
ADD CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("shop", "webhookId");

-- AlterTable
ALTER TABLE "DataRequest" DROP CONSTRAINT "DataRequest_pkey",
ADD CONSTRAINT "DataRequest_pkey" PRIMARY KEY ("shop", "id");

-- AlterTable
ALTER TABLE "MarketingActivity" DROP CONSTRAINT "MarketingActivity_pkey",
ADD CONSTRAINT "MarketingActivity_pkey" PRIMARY KEY ("shop", "campaignId");

-- AlterTable
ALTER TABLE "MarketingEngagementReport" DROP CONSTRAINT "MarketingEngagementReport_pkey",
ADD CONSTRAINT "MarketingEngagementReport_pkey" PRIMARY KEY ("shop", "campaignId", "day");

-- AlterTable
ALTER TABLE "Segment" DROP CONSTRAINT "Segment_pkey",
ADD CONSTRAINT "Segment_pkey" PRIMARY KEY ("shop", "id");
