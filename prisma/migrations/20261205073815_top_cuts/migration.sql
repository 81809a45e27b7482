-- AlterTable
ALTER TABLE "ShopIntelligence" ADD COLUMN     "topCuts" JSONB NOT NULL DEFAULT '{}';

