-- DropIndex
DROP INDEX "CustomerProfile_shop_predictedClv_idx";


-- Room on every page for the daily in-place rewrite of each profile to stay a HOT update
-- (docs/decisions/0072). Hand-added: the Prisma schema has no storage parameters.
ALTER TABLE "CustomerProfile" SET (fillfactor = 50);
