CREATE TABLE "collection_run_shards" (
	"as_of" date NOT NULL,
	"shard" integer NOT NULL,
	"shard_count" integer NOT NULL,
	"from_customer" bigint,
	"to_customer" bigint,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"worker" text,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"stats" jsonb,
	"error" text,
	CONSTRAINT "collection_run_shards_as_of_shard_pk" PRIMARY KEY("as_of","shard")
);
--> statement-breakpoint
-- sum_int8 is safe in parallel workers and combines partial sums with the same function, so aging can use
-- PostgreSQL's parallel plans.
CREATE OR REPLACE AGGREGATE sum_int8(bigint) (SFUNC = int8pl, STYPE = bigint, COMBINEFUNC = int8pl, INITCOND = '0', PARALLEL = SAFE);
