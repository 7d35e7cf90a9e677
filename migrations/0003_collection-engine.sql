CREATE TABLE "cause_history" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "cause_history_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"customer_id" bigint NOT NULL,
	"cause" text NOT NULL,
	"confidence" real NOT NULL,
	"source" text NOT NULL,
	"evidence" jsonb NOT NULL,
	"note" text,
	"recheck_on" date,
	"set_by" text NOT NULL,
	"as_of" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "collection_runs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "collection_runs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"as_of" date NOT NULL,
	"status" text NOT NULL,
	"trigger" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"stats" jsonb,
	"error" text,
	CONSTRAINT "collection_runs_as_of_unique" UNIQUE("as_of")
);
--> statement-breakpoint
CREATE TABLE "collection_states" (
	"customer_id" bigint PRIMARY KEY NOT NULL,
	"as_of" date NOT NULL,
	"currency" char(3) NOT NULL,
	"balance" bigint NOT NULL,
	"overdue" bigint NOT NULL,
	"days_past_due" integer NOT NULL,
	"grade" text NOT NULL,
	"cause" text,
	"cause_confidence" real,
	"cause_source" text,
	"cause_evidence" jsonb,
	"cause_recheck_on" date,
	"playbook_id" text,
	"variant" text,
	"step_index" integer,
	"step_on" date,
	"stopped_by" text,
	"digest" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contact_attempts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "contact_attempts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"customer_id" bigint NOT NULL,
	"contact_id" bigint,
	"channel" text NOT NULL,
	"address" text,
	"direction" text DEFAULT 'outbound' NOT NULL,
	"automated" boolean DEFAULT false NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"verdict" text NOT NULL,
	"rule" text NOT NULL,
	"reason" text NOT NULL,
	"override_reason" text,
	"policy_version" integer NOT NULL,
	"actor" text NOT NULL,
	"task_id" bigint
);
--> statement-breakpoint
CREATE TABLE "interactions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "interactions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"customer_id" bigint NOT NULL,
	"contact_id" bigint,
	"channel" text NOT NULL,
	"direction" text DEFAULT 'outbound' NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"duration_seconds" integer,
	"outcome" text NOT NULL,
	"excuse" text,
	"note" text,
	"script_id" text,
	"task_id" bigint,
	"attempt_id" bigint,
	"actor" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "promises" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "promises_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"customer_id" bigint NOT NULL,
	"contact_id" bigint,
	"interaction_id" bigint,
	"amount" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"promised_on" date NOT NULL,
	"made_on" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"paid_amount" bigint,
	"settled_on" date,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "tasks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"run_date" date NOT NULL,
	"customer_id" bigint NOT NULL,
	"collector_id" bigint,
	"kind" text NOT NULL,
	"action" text NOT NULL,
	"channel" text,
	"contact_id" bigint,
	"window_start" timestamp with time zone,
	"window_end" timestamp with time zone,
	"window_reason" text,
	"priority" real NOT NULL,
	"reasons" jsonb NOT NULL,
	"cause" text,
	"grade" text NOT NULL,
	"amount_overdue" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"script_id" text,
	"playbook_id" text NOT NULL,
	"variant" text NOT NULL,
	"step_index" integer NOT NULL,
	"tone" text,
	"needs_approval" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"snoozed_until" timestamp with time zone,
	"done_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cause_history" ADD CONSTRAINT "cause_history_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_states" ADD CONSTRAINT "collection_states_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_attempts" ADD CONSTRAINT "contact_attempts_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_attempts" ADD CONSTRAINT "contact_attempts_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_attempts" ADD CONSTRAINT "contact_attempts_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interactions" ADD CONSTRAINT "interactions_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interactions" ADD CONSTRAINT "interactions_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interactions" ADD CONSTRAINT "interactions_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interactions" ADD CONSTRAINT "interactions_attempt_id_contact_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."contact_attempts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promises" ADD CONSTRAINT "promises_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promises" ADD CONSTRAINT "promises_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promises" ADD CONSTRAINT "promises_interaction_id_interactions_id_fk" FOREIGN KEY ("interaction_id") REFERENCES "public"."interactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_collector_id_users_id_fk" FOREIGN KEY ("collector_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cause_history_customer_idx" ON "cause_history" USING btree ("customer_id","id");--> statement-breakpoint
CREATE INDEX "collection_states_grade_idx" ON "collection_states" USING btree ("grade");--> statement-breakpoint
CREATE INDEX "contact_attempts_contact_idx" ON "contact_attempts" USING btree ("contact_id","at");--> statement-breakpoint
CREATE INDEX "contact_attempts_customer_idx" ON "contact_attempts" USING btree ("customer_id","at");--> statement-breakpoint
CREATE INDEX "interactions_customer_idx" ON "interactions" USING btree ("customer_id","at");--> statement-breakpoint
CREATE INDEX "interactions_contact_idx" ON "interactions" USING btree ("contact_id","at");--> statement-breakpoint
CREATE INDEX "promises_customer_idx" ON "promises" USING btree ("customer_id","status");--> statement-breakpoint
CREATE INDEX "promises_due_idx" ON "promises" USING btree ("status","promised_on");--> statement-breakpoint
CREATE UNIQUE INDEX "tasks_run_customer_step_uq" ON "tasks" USING btree ("run_date","customer_id","playbook_id","step_index");--> statement-breakpoint
CREATE INDEX "tasks_worklist_idx" ON "tasks" USING btree ("collector_id","status","priority");--> statement-breakpoint
CREATE INDEX "tasks_customer_idx" ON "tasks" USING btree ("customer_id","status");