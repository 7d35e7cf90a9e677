CREATE TABLE "payment_plans" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "payment_plans_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"customer_id" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"total" bigint NOT NULL,
	"down_payment" bigint DEFAULT 0 NOT NULL,
	"terms" text,
	"status" text DEFAULT 'active' NOT NULL,
	"grace_days" integer DEFAULT 3 NOT NULL,
	"created_by" text NOT NULL,
	"created_on" date NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_installments" (
	"plan_id" bigint NOT NULL,
	"seq" integer NOT NULL,
	"due_on" date NOT NULL,
	"amount" bigint NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL
);
--> statement-breakpoint
ALTER TABLE "plan_installments" ADD CONSTRAINT "plan_installments_plan_id_payment_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."payment_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payment_plans_customer_idx" ON "payment_plans" USING btree ("customer_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_installments_plan_seq_uq" ON "plan_installments" USING btree ("plan_id","seq");