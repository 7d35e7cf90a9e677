DROP INDEX "tasks_worklist_idx";--> statement-breakpoint
CREATE INDEX "tasks_worklist_idx" ON "tasks" USING btree ("collector_id","priority" DESC NULLS LAST,"id") WHERE status = 'open';