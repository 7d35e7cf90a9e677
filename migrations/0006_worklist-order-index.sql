DROP INDEX "tasks_worklist_idx";--> statement-breakpoint
CREATE INDEX "tasks_open_priority_idx" ON "tasks" USING btree ("status","priority" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "tasks_worklist_idx" ON "tasks" USING btree ("collector_id","status","priority" DESC NULLS LAST,"id");