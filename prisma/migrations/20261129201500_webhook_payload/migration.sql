-- AlterTable
ALTER TABLE "WebhookDelivery" ADD COLUMN     "payload" TEXT;

-- Written at up to thousands of deliveries a second and read once: not worth compressing.
ALTER TABLE "WebhookDelivery" ALTER COLUMN "payload" SET STORAGE EXTERNAL;
