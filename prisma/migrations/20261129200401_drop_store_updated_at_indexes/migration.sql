-- Unused by any query (reconcile asks Shopify for updated_at, recompute uses xmin). Each index
-- cost ~20% of a bulk COPY into Order (docs/decisions/0085-bulk-write-path.md).
-- DropIndex
DROP INDEX "Customer_shop_updatedAt_idx";

-- DropIndex
DROP INDEX "Product_shop_updatedAt_idx";

-- DropIndex
DROP INDEX "Order_shop_updatedAt_idx";

