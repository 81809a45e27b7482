-- AlterTable
ALTER TABLE "CustomerProfile" ADD COLUMN     "linesFingerprint" BIGINT,
ADD COLUMN     "ordersFingerprint" BIGINT;

