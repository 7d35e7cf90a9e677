CREATE TABLE "forecast_refreshes" (
	"as_of" date PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"computed_at" timestamp with time zone,
	"history_invoices" integer,
	"settled_invoices" integer,
	"coefficients" jsonb,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "invoice_forecasts" (
	"invoice_id" bigint PRIMARY KEY NOT NULL,
	"as_of" date NOT NULL,
	"customer_id" bigint NOT NULL,
	"customer_code" text NOT NULL,
	"invoice_number" text NOT NULL,
	"currency" char(3) NOT NULL,
	"due_date" date NOT NULL,
	"open_amount" bigint NOT NULL,
	"days_past_due" integer NOT NULL,
	"predicted_pay_date" date NOT NULL,
	"p_late" double precision NOT NULL,
	"p_late_30" double precision NOT NULL,
	"expected_days_late" double precision NOT NULL,
	"top_factors" jsonb NOT NULL,
	"p_weeks" double precision[] NOT NULL
);
