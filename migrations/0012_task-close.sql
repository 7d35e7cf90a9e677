ALTER TABLE "tasks" ADD COLUMN "closed_by" text;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "close_note" text;