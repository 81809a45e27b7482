-- DropIndex
DROP INDEX "CustomerMilestone_shop_kind_threshold_reachedAt_idx";

-- CreateIndex
CREATE INDEX "CustomerMilestone_shop_kind_reachedAt_threshold_customerId_idx" ON "CustomerMilestone"("shop", "kind", "reachedAt", "threshold", "customerId");

