-- DropIndex
DROP INDEX "CustomerProfile_shop_lastOrderAt_idx";

-- CreateIndex
CREATE INDEX "CustomerProfile_shop_lastOrderAt_customerId_idx" ON "CustomerProfile"("shop", "lastOrderAt", "customerId");


-- Hand-added (the Prisma schema has no extensions, expression or trigram indexes): customer search
-- (app/web/screens/customer-pages.server.ts, decision 0203) matches "contains" on the email and on
-- "first last" with ILIKE, which a trigram GIN index answers without reading every customer. shop is
-- the first key (btree_gin) so one shop's search never walks another's matches. Both extensions ship
-- with PostgreSQL and are trusted: a database owner may create them.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gin;
CREATE INDEX "Customer_search_email_idx" ON "Customer" USING gin ("shop", "email" gin_trgm_ops);
CREATE INDEX "Customer_search_name_idx" ON "Customer" USING gin ("shop", (coalesce("firstName", '') || ' ' || coalesce("lastName", '')) gin_trgm_ops);
