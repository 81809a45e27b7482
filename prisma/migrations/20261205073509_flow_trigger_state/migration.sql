-- CreateTable
CREATE TABLE "FlowTriggerState" (
    "shop" TEXT NOT NULL,
    "triggerDefinitionId" TEXT NOT NULL,
    "hasEnabledFlow" BOOLEAN NOT NULL,
    "stateAt" TIMESTAMP(3) NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FlowTriggerState_pkey" PRIMARY KEY ("shop","triggerDefinitionId")
);

