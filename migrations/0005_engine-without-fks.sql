ALTER TABLE "cause_history" DROP CONSTRAINT "cause_history_customer_id_customers_id_fk";
--> statement-breakpoint
ALTER TABLE "collection_states" DROP CONSTRAINT "collection_states_customer_id_customers_id_fk";
--> statement-breakpoint
ALTER TABLE "tasks" DROP CONSTRAINT "tasks_customer_id_customers_id_fk";
--> statement-breakpoint
ALTER TABLE "tasks" DROP CONSTRAINT "tasks_collector_id_users_id_fk";
--> statement-breakpoint
ALTER TABLE "tasks" DROP CONSTRAINT "tasks_contact_id_contacts_id_fk";
