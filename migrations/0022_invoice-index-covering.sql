-- The unique index on (customer, number) also carries what aging and the daily run read of an invoice, so a
-- customer range is read from the index alone (index-only scan) instead of from heap pages scattered over the table.
DROP INDEX "invoices_customer_number_uq";--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_customer_number_uq" ON "invoices" USING btree ("customer_id","number") INCLUDE ("currency","due_date","issue_date","amount","disputed","id");
