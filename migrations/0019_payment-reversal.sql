ALTER TABLE "payments" ADD COLUMN "reversed_on" date;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "reversal_reason" text;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "reversed_by" text;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_reversal_ck" CHECK ("reversed_on" IS NULL OR ("reversed_on" >= "paid_on" AND "reversal_reason" IS NOT NULL AND "reversed_by" IS NOT NULL));
