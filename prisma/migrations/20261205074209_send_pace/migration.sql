-- CreateTable
CREATE TABLE "SendPace" (
    "shop" TEXT NOT NULL,
    "nextAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SendPace_pkey" PRIMARY KEY ("shop")
);

