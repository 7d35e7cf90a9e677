-- Invoices and payments arrive by the million in imports. A per-row foreign key costs seconds per million rows,
-- so their customer reference is checked once per statement over the statement's transition table instead.
-- The race with a concurrent delete of a customer is closed on the delete side, which is rare: it takes a SHARE
-- lock on invoices and payments, so it waits for writers in flight and then sees what they committed.
CREATE FUNCTION ledger_check_customer_refs() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  missing bigint;
BEGIN
  SELECT n.customer_id INTO missing
    FROM (SELECT DISTINCT customer_id FROM new_rows) n
    LEFT JOIN customers c ON c.id = n.customer_id
   WHERE c.id IS NULL
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION USING ERRCODE = '23503',
      MESSAGE = format('%s references customer %s, which does not exist', TG_TABLE_NAME, missing);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER invoices_customer_ref_ins AFTER INSERT ON invoices REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_check_customer_refs();
--> statement-breakpoint
CREATE TRIGGER invoices_customer_ref_upd AFTER UPDATE ON invoices REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_check_customer_refs();
--> statement-breakpoint
CREATE TRIGGER payments_customer_ref_ins AFTER INSERT ON payments REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_check_customer_refs();
--> statement-breakpoint
CREATE TRIGGER payments_customer_ref_upd AFTER UPDATE ON payments REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_check_customer_refs();
--> statement-breakpoint
CREATE FUNCTION ledger_guard_customer_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE invoices, payments IN SHARE MODE;
  IF EXISTS (SELECT 1 FROM old_rows o
              WHERE EXISTS (SELECT 1 FROM invoices i WHERE i.customer_id = o.id)
                 OR EXISTS (SELECT 1 FROM payments p WHERE p.customer_id = o.id)) THEN
    RAISE EXCEPTION USING ERRCODE = '23503', MESSAGE = 'a customer with invoices or payments cannot be deleted';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER customers_guard_delete AFTER DELETE ON customers REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_guard_customer_delete();
