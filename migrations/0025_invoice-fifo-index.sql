-- Aging reads a customer range of invoices in FIFO order (customer, currency, due date, issue date, id) with what it
-- needs beside the key (amount and disputed): from this index alone, in that order, the running sum of what is open needs no sort. It
-- covers what the unique index on (customer, number) carried for aging (migration 0022), which goes back to its key.
CREATE INDEX "invoices_fifo_idx" ON "invoices" USING btree ("customer_id","currency","due_date","issue_date","id") INCLUDE ("amount","disputed");--> statement-breakpoint
DROP INDEX "invoices_customer_number_uq";--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_customer_number_uq" ON "invoices" USING btree ("customer_id","number");
