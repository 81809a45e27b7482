-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "channel" TEXT NOT NULL DEFAULT 'flow';

-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "channel" TEXT,
ADD COLUMN     "providerMessageId" TEXT;

-- CreateTable
CREATE TABLE "Unsubscribe" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "customerId" BIGINT NOT NULL,
    "messageId" TEXT,
    "campaignId" TEXT,
    "source" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "writtenBackAt" TIMESTAMP(3),
    "lastError" TEXT,

    CONSTRAINT "Unsubscribe_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Unsubscribe_shop_campaignId_createdAt_idx" ON "Unsubscribe"("shop", "campaignId", "createdAt");

-- CreateIndex
CREATE INDEX "Unsubscribe_shop_customerId_idx" ON "Unsubscribe"("shop", "customerId");

-- CreateIndex
CREATE UNIQUE INDEX "Unsubscribe_shop_messageId_key" ON "Unsubscribe"("shop", "messageId");

