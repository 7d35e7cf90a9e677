-- The cash forecast's weeks are calendar weeks (Monday to Sunday, the first from the day after the as-of day) since
-- 2026-11-25; the stored probabilities per week were for seven-day weeks from that day. The stored forecast is asked
-- for again (the scheduler or a worker recomputes it; until then requests compute their own).
UPDATE "forecast_refreshes" SET "status" = 'pending', "started_at" = NULL, "computed_at" = NULL WHERE "status" = 'done';
--> statement-breakpoint
DELETE FROM "invoice_forecasts";
