-- A customer's current cause lives on its state (since when, set when, by whom, the note); the history keeps the
-- causes it had before, each with the day another replaced it.
ALTER TABLE "collection_states" ADD COLUMN "cause_since" date;--> statement-breakpoint
ALTER TABLE "collection_states" ADD COLUMN "cause_set_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "collection_states" ADD COLUMN "cause_set_by" text;--> statement-breakpoint
ALTER TABLE "collection_states" ADD COLUMN "cause_note" text;--> statement-breakpoint
ALTER TABLE "cause_history" ADD COLUMN "ended_on" date;--> statement-breakpoint
-- Each customer's latest history entry is its current cause: it moves to the state.
UPDATE "collection_states" s SET "cause_since" = h."as_of", "cause_set_at" = h."created_at", "cause_set_by" = h."set_by",
  "cause_note" = h."note"
FROM (SELECT DISTINCT ON ("customer_id") * FROM "cause_history" ORDER BY "customer_id", "id" DESC) h
WHERE h."customer_id" = s."customer_id" AND s."cause" IS NOT NULL;--> statement-breakpoint
DELETE FROM "cause_history" h USING "collection_states" s
WHERE s."customer_id" = h."customer_id" AND s."cause" IS NOT NULL
  AND h."id" = (SELECT max(x."id") FROM "cause_history" x WHERE x."customer_id" = h."customer_id");--> statement-breakpoint
UPDATE "collection_states" SET "cause_since" = "as_of" WHERE "cause" IS NOT NULL AND "cause_since" IS NULL;--> statement-breakpoint
-- What is left was replaced: by the next entry, or by the state's cause for the last one.
UPDATE "cause_history" h SET "ended_on" = n."next"
FROM (SELECT "id", lead("as_of") OVER (PARTITION BY "customer_id" ORDER BY "id") AS "next" FROM "cause_history") n
WHERE n."id" = h."id" AND n."next" IS NOT NULL;--> statement-breakpoint
UPDATE "cause_history" h SET "ended_on" = s."cause_since" FROM "collection_states" s
WHERE h."ended_on" IS NULL AND s."customer_id" = h."customer_id" AND s."cause_since" IS NOT NULL;--> statement-breakpoint
UPDATE "cause_history" SET "ended_on" = "as_of" WHERE "ended_on" IS NULL;--> statement-breakpoint
ALTER TABLE "cause_history" ALTER COLUMN "ended_on" SET NOT NULL;
