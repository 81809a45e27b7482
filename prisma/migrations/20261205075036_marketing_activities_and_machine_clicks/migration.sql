-- CreateTable
CREATE TABLE "MachineClick" (
    "messageId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "customerId" BIGINT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '',
    "count" INTEGER NOT NULL DEFAULT 1,
    "firstAt" TIMESTAMP(3) NOT NULL,
    "lastAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MachineClick_pkey" PRIMARY KEY ("messageId","reason")
);

-- CreateTable
CREATE TABLE "MarketingActivity" (
    "campaignId" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "activityId" TEXT,
    "desired" TEXT NOT NULL,
    "synced" TEXT,
    "utmCampaign" TEXT NOT NULL,
    "utmMedium" TEXT NOT NULL,
    "syncedAt" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MarketingActivity_pkey" PRIMARY KEY ("campaignId")
);

-- CreateTable
CREATE TABLE "MarketingEngagementReport" (
    "campaignId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "utcOffset" TEXT NOT NULL,
    "sends" INTEGER NOT NULL,
    "clicks" INTEGER NOT NULL,
    "unsubscribes" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "reportedAt" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MarketingEngagementReport_pkey" PRIMARY KEY ("campaignId","day")
);

-- CreateIndex
CREATE INDEX "MachineClick_shop_campaignId_idx" ON "MachineClick"("shop", "campaignId");

-- CreateIndex
CREATE INDEX "MarketingActivity_shop_idx" ON "MarketingActivity"("shop");

-- CreateIndex
CREATE INDEX "MarketingEngagementReport_shop_reportedAt_idx" ON "MarketingEngagementReport"("shop", "reportedAt");

