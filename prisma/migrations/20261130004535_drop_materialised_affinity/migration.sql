-- DropTable
DROP TABLE "CustomerProductStat";

-- DropTable
DROP TABLE "CustomerVariantStat";

