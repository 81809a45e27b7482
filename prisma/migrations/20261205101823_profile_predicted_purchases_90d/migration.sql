-- AlterTable
ALTER TABLE "CustomerProfile" ADD COLUMN     "predictedPurchases90d" DOUBLE PRECISION;

