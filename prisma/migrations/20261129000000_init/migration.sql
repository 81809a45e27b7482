-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" TIMESTAMP(3),
    "accessToken" TEXT NOT NULL,
    "userId" BIGINT,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "accountOwner" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "collaborator" BOOLEAN DEFAULT false,
    "emailVerified" BOOLEAN DEFAULT false,
    "refreshToken" TEXT,
    "refreshTokenExpires" TIMESTAMP(3),

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Shop" (
    "domain" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "currencyCode" TEXT NOT NULL DEFAULT 'USD',
    "ianaTimezone" TEXT NOT NULL DEFAULT 'UTC',
    "installedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" TIMESTAMP(3),
    "settings" JSONB NOT NULL DEFAULT '{}',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Shop_pkey" PRIMARY KEY ("domain")
);

-- CreateTable
CREATE TABLE "Campaign" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "pillar" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "segmentId" TEXT,
    "definition" JSONB NOT NULL,
    "trigger" JSONB NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "ctaLabel" TEXT NOT NULL DEFAULT '',
    "ctaUrl" TEXT NOT NULL DEFAULT '',
    "holdoutPercent" INTEGER NOT NULL DEFAULT 10,
    "attributionDays" INTEGER NOT NULL DEFAULT 7,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "activatedAt" TIMESTAMP(3),

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Message" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "customerId" BIGINT NOT NULL,
    "triggerKey" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "subject" TEXT NOT NULL DEFAULT '',
    "body" TEXT NOT NULL DEFAULT '',
    "ctaUrl" TEXT NOT NULL DEFAULT '',
    "scheduledFor" TIMESTAMP(3) NOT NULL,
    "dueAt" TIMESTAMP(3),
    "claimedAt" TIMESTAMP(3),
    "callStartedAt" TIMESTAMP(3),
    "sentAt" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProductMapping" (
    "shop" TEXT NOT NULL,
    "productId" BIGINT NOT NULL,
    "premiumProductId" BIGINT,
    "relaunchedAt" TIMESTAMP(3),
    "relaunchNote" TEXT,

    CONSTRAINT "ProductMapping_pkey" PRIMARY KEY ("shop","productId")
);

-- CreateTable
CREATE TABLE "SyncRun" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "phase" TEXT NOT NULL DEFAULT 'queued',
    "bulkOperationId" TEXT,
    "objectsRead" INTEGER NOT NULL DEFAULT 0,
    "objectsWritten" INTEGER NOT NULL DEFAULT 0,
    "state" JSONB NOT NULL DEFAULT '{}',
    "error" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SyncRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "webhookId" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "eventId" TEXT,
    "triggeredAt" TIMESTAMP(3),
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" TEXT NOT NULL DEFAULT 'received',
    "error" TEXT,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("webhookId")
);

-- CreateTable
CREATE TABLE "SyncCursor" (
    "shop" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "syncedTo" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SyncCursor_pkey" PRIMARY KEY ("shop","resource")
);

-- CreateTable
CREATE TABLE "DataRequest" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "customerId" BIGINT NOT NULL,
    "requestId" TEXT,
    "report" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DataRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CustomerProfile" (
    "shop" TEXT NOT NULL,
    "customerId" BIGINT NOT NULL,
    "orderCount" INTEGER NOT NULL DEFAULT 0,
    "grossSpend" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "netSpend" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "aov" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "firstOrderAt" TIMESTAMP(3),
    "lastOrderAt" TIMESTAMP(3),
    "firstOrderNet" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "tenureDays" INTEGER,
    "daysSinceLast" INTEGER,
    "avgGapDays" DOUBLE PRECISION,
    "historicalClv" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "returnCount" INTEGER NOT NULL DEFAULT 0,
    "returnedItems" INTEGER NOT NULL DEFAULT 0,
    "rScore" INTEGER,
    "fScore" INTEGER,
    "mScore" INTEGER,
    "lifecycleStage" TEXT NOT NULL DEFAULT 'prospect',
    "predictedPurchases" DOUBLE PRECISION,
    "probabilityAlive" DOUBLE PRECISION,
    "expectedOrderValue" DOUBLE PRECISION,
    "predictedClv" DOUBLE PRECISION,
    "favouriteProductId" BIGINT,
    "favouriteCategory" TEXT,
    "usualSize" TEXT,
    "emailSubscribed" BOOLEAN NOT NULL DEFAULT false,
    "smsSubscribed" BOOLEAN NOT NULL DEFAULT false,
    "asOf" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "computedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CustomerProfile_pkey" PRIMARY KEY ("shop","customerId")
);

-- CreateTable
CREATE TABLE "CustomerMilestone" (
    "shop" TEXT NOT NULL,
    "customerId" BIGINT NOT NULL,
    "kind" TEXT NOT NULL,
    "threshold" DECIMAL(18,4) NOT NULL,
    "reachedAt" TIMESTAMP(3) NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CustomerMilestone_pkey" PRIMARY KEY ("shop","customerId","kind","threshold")
);

-- CreateTable
CREATE TABLE "CustomerProductStat" (
    "shop" TEXT NOT NULL,
    "customerId" BIGINT NOT NULL,
    "productId" BIGINT NOT NULL,
    "orders30" INTEGER NOT NULL,
    "orders90" INTEGER NOT NULL,
    "orders365" INTEGER NOT NULL,
    "ordersTotal" INTEGER NOT NULL,
    "quantityTotal" INTEGER NOT NULL,
    "lastPurchasedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CustomerProductStat_pkey" PRIMARY KEY ("shop","customerId","productId")
);

-- CreateTable
CREATE TABLE "CustomerVariantStat" (
    "shop" TEXT NOT NULL,
    "customerId" BIGINT NOT NULL,
    "variantId" BIGINT NOT NULL,
    "productId" BIGINT,
    "orders30" INTEGER NOT NULL,
    "orders90" INTEGER NOT NULL,
    "orders365" INTEGER NOT NULL,
    "ordersTotal" INTEGER NOT NULL,
    "quantityTotal" INTEGER NOT NULL,
    "lastPurchasedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CustomerVariantStat_pkey" PRIMARY KEY ("shop","customerId","variantId")
);

-- CreateTable
CREATE TABLE "ShopIntelligence" (
    "shop" TEXT NOT NULL,
    "asOf" TIMESTAMP(3) NOT NULL,
    "customers" INTEGER NOT NULL DEFAULT 0,
    "rfmCuts" JSONB NOT NULL DEFAULT '{}',
    "config" JSONB NOT NULL DEFAULT '{}',
    "computedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ShopIntelligence_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "ClvModelFit" (
    "shop" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "detail" TEXT,
    "params" JSONB NOT NULL DEFAULT '{}',
    "customers" INTEGER NOT NULL DEFAULT 0,
    "groups" INTEGER NOT NULL DEFAULT 0,
    "sampled" BOOLEAN NOT NULL DEFAULT false,
    "asOf" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "fittedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ClvModelFit_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "MessageClick" (
    "messageId" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "customerId" BIGINT NOT NULL,
    "clickedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MessageClick_pkey" PRIMARY KEY ("messageId")
);

-- CreateTable
CREATE TABLE "Conversion" (
    "orderId" BIGINT NOT NULL,
    "shop" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "customerId" BIGINT NOT NULL,
    "revenue" DECIMAL(18,4) NOT NULL,
    "orderAt" TIMESTAMP(3) NOT NULL,
    "attributedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Conversion_pkey" PRIMARY KEY ("shop","orderId")
);

-- CreateTable
CREATE TABLE "Segment" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "pillar" TEXT,
    "definition" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Segment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SegmentPurchaseStat" (
    "shop" TEXT NOT NULL,
    "customerId" BIGINT NOT NULL,
    "productId" BIGINT NOT NULL,
    "orderCount" INTEGER NOT NULL,
    "lastOrderAt" TIMESTAMP(3) NOT NULL,
    "orderDates" TIMESTAMP(3)[],

    CONSTRAINT "SegmentPurchaseStat_pkey" PRIMARY KEY ("shop","customerId","productId")
);

-- CreateTable
CREATE TABLE "Customer" (
    "shop" TEXT NOT NULL,
    "id" BIGINT NOT NULL,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "phone" TEXT,
    "emailMarketing" TEXT NOT NULL DEFAULT 'NOT_SUBSCRIBED',
    "emailConsentAt" TIMESTAMP(3),
    "smsMarketing" TEXT NOT NULL DEFAULT 'NOT_SUBSCRIBED',
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "locale" TEXT,
    "timezone" TEXT,
    "numberOfOrders" INTEGER NOT NULL DEFAULT 0,
    "amountSpent" DECIMAL(18,4) NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "redactedAt" TIMESTAMP(3),

    CONSTRAINT "Customer_pkey" PRIMARY KEY ("shop","id")
);

-- CreateTable
CREATE TABLE "Product" (
    "shop" TEXT NOT NULL,
    "id" BIGINT NOT NULL,
    "title" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "productType" TEXT NOT NULL DEFAULT '',
    "vendor" TEXT NOT NULL DEFAULT '',
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "status" TEXT NOT NULL DEFAULT 'ACTIVE',
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Product_pkey" PRIMARY KEY ("shop","id")
);

-- CreateTable
CREATE TABLE "ProductVariant" (
    "shop" TEXT NOT NULL,
    "id" BIGINT NOT NULL,
    "productId" BIGINT NOT NULL,
    "title" TEXT NOT NULL,
    "sku" TEXT,
    "price" DECIMAL(18,4) NOT NULL,
    "size" TEXT,
    "options" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "ProductVariant_pkey" PRIMARY KEY ("shop","id")
);

-- CreateTable
CREATE TABLE "Order" (
    "shop" TEXT NOT NULL,
    "id" BIGINT NOT NULL,
    "name" TEXT NOT NULL,
    "customerId" BIGINT,
    "processedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "cancelledAt" TIMESTAMP(3),
    "test" BOOLEAN NOT NULL DEFAULT false,
    "currencyCode" TEXT NOT NULL,
    "financialStatus" TEXT,
    "returnStatus" TEXT,
    "subtotalPrice" DECIMAL(18,4) NOT NULL,
    "totalPrice" DECIMAL(18,4) NOT NULL,
    "totalRefunded" DECIMAL(18,4) NOT NULL DEFAULT 0,

    CONSTRAINT "Order_pkey" PRIMARY KEY ("shop","id")
);

-- CreateTable
CREATE TABLE "LineItem" (
    "shop" TEXT NOT NULL,
    "id" BIGINT NOT NULL,
    "orderId" BIGINT NOT NULL,
    "customerId" BIGINT,
    "processedAt" TIMESTAMP(3) NOT NULL,
    "productId" BIGINT,
    "variantId" BIGINT,
    "title" TEXT NOT NULL,
    "variantTitle" TEXT,
    "sku" TEXT,
    "quantity" INTEGER NOT NULL,
    "currentQuantity" INTEGER NOT NULL,
    "unitPrice" DECIMAL(18,4) NOT NULL,
    "discountedTotal" DECIMAL(18,4) NOT NULL,

    CONSTRAINT "LineItem_pkey" PRIMARY KEY ("shop","id")
);

-- CreateTable
CREATE TABLE "Refund" (
    "shop" TEXT NOT NULL,
    "id" BIGINT NOT NULL,
    "orderId" BIGINT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "amount" DECIMAL(18,4) NOT NULL,
    "note" TEXT,

    CONSTRAINT "Refund_pkey" PRIMARY KEY ("shop","id")
);

-- CreateTable
CREATE TABLE "Return" (
    "shop" TEXT NOT NULL,
    "id" BIGINT NOT NULL,
    "orderId" BIGINT NOT NULL,
    "customerId" BIGINT,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "closedAt" TIMESTAMP(3),
    "syncedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Return_pkey" PRIMARY KEY ("shop","id")
);

-- CreateTable
CREATE TABLE "ReturnLineItem" (
    "shop" TEXT NOT NULL,
    "id" BIGINT NOT NULL,
    "returnId" BIGINT NOT NULL,
    "orderId" BIGINT NOT NULL,
    "customerId" BIGINT,
    "lineItemId" BIGINT,
    "productId" BIGINT,
    "variantId" BIGINT,
    "quantity" INTEGER NOT NULL,
    "reasonHandle" TEXT,
    "reasonName" TEXT,
    "reasonNote" TEXT,
    "customerNote" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReturnLineItem_pkey" PRIMARY KEY ("shop","id")
);

-- CreateIndex
CREATE INDEX "Session_shop_idx" ON "Session"("shop");

-- CreateIndex
CREATE INDEX "Campaign_shop_status_idx" ON "Campaign"("shop", "status");

-- CreateIndex
CREATE INDEX "Message_shop_customerId_sentAt_idx" ON "Message"("shop", "customerId", "sentAt");

-- CreateIndex
CREATE INDEX "Message_shop_status_scheduledFor_idx" ON "Message"("shop", "status", "scheduledFor");

-- CreateIndex
CREATE INDEX "Message_shop_customerId_scheduledFor_idx" ON "Message"("shop", "customerId", "scheduledFor");

-- CreateIndex
CREATE INDEX "Message_status_scheduledFor_idx" ON "Message"("status", "scheduledFor");

-- CreateIndex
CREATE UNIQUE INDEX "Message_campaignId_customerId_triggerKey_key" ON "Message"("campaignId", "customerId", "triggerKey");

-- CreateIndex
CREATE INDEX "SyncRun_shop_startedAt_idx" ON "SyncRun"("shop", "startedAt");

-- CreateIndex
CREATE INDEX "WebhookDelivery_shop_receivedAt_idx" ON "WebhookDelivery"("shop", "receivedAt");

-- CreateIndex
CREATE INDEX "DataRequest_shop_customerId_idx" ON "DataRequest"("shop", "customerId");

-- CreateIndex
CREATE INDEX "CustomerProfile_shop_netSpend_idx" ON "CustomerProfile"("shop", "netSpend");

-- CreateIndex
CREATE INDEX "CustomerProfile_shop_lastOrderAt_idx" ON "CustomerProfile"("shop", "lastOrderAt");

-- CreateIndex
CREATE INDEX "CustomerProfile_shop_lifecycleStage_idx" ON "CustomerProfile"("shop", "lifecycleStage");

-- CreateIndex
CREATE INDEX "CustomerProfile_shop_predictedClv_idx" ON "CustomerProfile"("shop", "predictedClv");

-- CreateIndex
CREATE INDEX "CustomerMilestone_shop_kind_threshold_reachedAt_idx" ON "CustomerMilestone"("shop", "kind", "threshold", "reachedAt");

-- CreateIndex
CREATE INDEX "CustomerMilestone_shop_recordedAt_idx" ON "CustomerMilestone"("shop", "recordedAt");

-- CreateIndex
CREATE INDEX "MessageClick_shop_campaignId_idx" ON "MessageClick"("shop", "campaignId");

-- CreateIndex
CREATE INDEX "Conversion_shop_campaignId_idx" ON "Conversion"("shop", "campaignId");

-- CreateIndex
CREATE INDEX "Conversion_shop_messageId_idx" ON "Conversion"("shop", "messageId");

-- CreateIndex
CREATE UNIQUE INDEX "Segment_shop_name_key" ON "Segment"("shop", "name");

-- CreateIndex
CREATE INDEX "SegmentPurchaseStat_shop_productId_lastOrderAt_idx" ON "SegmentPurchaseStat"("shop", "productId", "lastOrderAt");

-- CreateIndex
CREATE INDEX "SegmentPurchaseStat_shop_lastOrderAt_idx" ON "SegmentPurchaseStat"("shop", "lastOrderAt");

-- CreateIndex
CREATE INDEX "Customer_shop_updatedAt_idx" ON "Customer"("shop", "updatedAt");

-- CreateIndex
CREATE INDEX "Customer_shop_email_idx" ON "Customer"("shop", "email");

-- CreateIndex
CREATE INDEX "Product_shop_updatedAt_idx" ON "Product"("shop", "updatedAt");

-- CreateIndex
CREATE INDEX "ProductVariant_shop_productId_idx" ON "ProductVariant"("shop", "productId");

-- CreateIndex
CREATE INDEX "Order_shop_customerId_processedAt_idx" ON "Order"("shop", "customerId", "processedAt");

-- CreateIndex
CREATE INDEX "Order_shop_processedAt_idx" ON "Order"("shop", "processedAt");

-- CreateIndex
CREATE INDEX "Order_shop_updatedAt_idx" ON "Order"("shop", "updatedAt");

-- CreateIndex
CREATE INDEX "LineItem_shop_orderId_idx" ON "LineItem"("shop", "orderId");

-- CreateIndex
CREATE INDEX "LineItem_shop_customerId_productId_processedAt_idx" ON "LineItem"("shop", "customerId", "productId", "processedAt");

-- CreateIndex
CREATE INDEX "Refund_shop_orderId_idx" ON "Refund"("shop", "orderId");

-- CreateIndex
CREATE INDEX "Return_shop_orderId_idx" ON "Return"("shop", "orderId");

-- CreateIndex
CREATE INDEX "Return_shop_customerId_idx" ON "Return"("shop", "customerId");

-- CreateIndex
CREATE INDEX "ReturnLineItem_shop_returnId_idx" ON "ReturnLineItem"("shop", "returnId");

-- CreateIndex
CREATE INDEX "ReturnLineItem_shop_customerId_idx" ON "ReturnLineItem"("shop", "customerId");

-- CreateIndex
CREATE INDEX "ReturnLineItem_shop_productId_idx" ON "ReturnLineItem"("shop", "productId");

