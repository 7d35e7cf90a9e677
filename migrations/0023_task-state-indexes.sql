DROP INDEX "collection_states_grade_idx";--> statement-breakpoint
DROP INDEX "tasks_run_customer_step_uq";--> statement-breakpoint
DROP INDEX "tasks_customer_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "tasks_customer_run_step_uq" ON "tasks" USING btree ("customer_id","run_date","playbook_id","step_index");