DROP INDEX "tasks_open_priority_idx";--> statement-breakpoint
CREATE INDEX "tasks_open_priority_idx" ON "tasks" USING btree ("priority" DESC NULLS LAST,"id") WHERE status = 'open';