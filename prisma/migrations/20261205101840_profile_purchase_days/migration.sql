-- AlterTable
ALTER TABLE "CustomerProfile" ADD COLUMN     "firstDayNet" DECIMAL(18,4) NOT NULL DEFAULT 0,
ADD COLUMN     "firstPurchaseDay" DATE,
ADD COLUMN     "lastPurchaseDay" DATE,
ADD COLUMN     "purchaseDays" INTEGER NOT NULL DEFAULT 0;

