ALTER TABLE "customers" ADD COLUMN "name_initials" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "name_initials_of" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "search_text" text GENERATED ALWAYS AS (lower(code || ' ' || name) || ' ' || coalesce(name_initials, '')) STORED;--> statement-breakpoint
CREATE INDEX "customers_initials_stale_idx" ON "customers" USING btree ("id") WHERE name_initials_of is distinct from name;