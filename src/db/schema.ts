// The one Drizzle schema: each domain owns its tables; this file only gathers them.
export * from "../analytics/analytics.schema.ts";
export * from "../attachments/attachments.schema.ts";
export * from "../audit/audit.schema.ts";
export * from "../auth/users.schema.ts";
export * from "../collection/collection.schema.ts";
export * from "../http/idempotency.schema.ts";
export * from "../ledger/ledger.schema.ts";
export * from "../messaging/messaging.schema.ts";
export * from "../portal/portal.schema.ts";
export * from "../settings/settings.schema.ts";
export * from "../workspace/workspace.schema.ts";
