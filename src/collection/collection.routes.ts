// HTTP routes of the collection engine: thin wrappers over the use cases (the CLI calls the same ones).
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { requireRole, visibleCustomerOrThrow } from "../auth/access.ts";
import type { Database } from "../db/database.ts";
import type { AuthEnv } from "../http/auth-middleware.ts";
import { ErrorBody, isoDate } from "../http/route-schemas.ts";
import { closeTask } from "./close-task.ts";
import { CAUSES } from "./collection.enums.ts";
import { getMyDay } from "./get-my-day.ts";
import { MAX_WORKLIST, worklistOf } from "./get-worklist.ts";
import { listRuns, runDaily } from "./run-daily.ts";
import { setCause } from "./set-cause.ts";

type Deps = { database: Database; now: () => Date };

const Task = z
  .object({
    id: z.number(),
    customerId: z.number(),
    customerCode: z.string(),
    customerName: z.string(),
    collector: z.string().nullable(),
    kind: z.string(),
    action: z.string(),
    channel: z.string().nullable(),
    contactId: z.number().nullable(),
    window: z.object({ start: z.string(), end: z.string() }).nullable(),
    windowReason: z.string().nullable(),
    priority: z.number(),
    reasons: z.array(z.string()),
    cause: z.string().nullable(),
    grade: z.string(),
    amountOverdue: z.string(),
    amountOverdueMinor: z.string(),
    daysPastDue: z.number(),
    currency: z.string(),
    scriptId: z.string().nullable(),
    playbook: z.string(),
    variant: z.string(),
    stepIndex: z.number(),
    tone: z.string().nullable(),
    needsApproval: z.boolean(),
    runDate: z.string(),
  })
  .openapi("Task");

const worklistRoute = createRoute({
  method: "get",
  path: "/api/worklist",
  summary: "Open tasks in priority order",
  description:
    "A collector gets their own tasks (naming anyone else answers 403); a manager may name themselves or someone in their team (`collector=LOGIN`; outside it, 403), an admin anyone; without a name a manager sees the team's and an admin everyone's.",
  request: {
    query: z.object({
      collector: z.string().min(1).optional(),
      asOf: isoDate.optional(),
      limit: z.coerce.number().int().min(1).max(MAX_WORKLIST).optional(),
    }),
  },
  responses: {
    200: { description: "Tasks, highest priority first", content: { "application/json": { schema: z.array(Task) } } },
    403: {
      description: "Someone else's worklist (a collector), or someone outside the team's (a manager)",
      content: { "application/json": { schema: ErrorBody } },
    },
    404: { description: "No such collector", content: { "application/json": { schema: ErrorBody } } },
  },
});

const RunStats = z.object({
  customersOverdue: z.number(),
  customersCleared: z.number(),
  tasksCreated: z.number(),
  approvalsCreated: z.number(),
  causesChanged: z.number(),
  promisesSettled: z.number(),
  waiting: z.number(),
  stopped: z.number(),
  durationMs: z.number(),
});
const runRoute = createRoute({
  method: "post",
  path: "/api/runs",
  summary: "Start the daily run for a date (default today); idempotent",
  request: { body: { content: { "application/json": { schema: z.object({ asOf: isoDate.optional() }).strict() } } } },
  responses: {
    200: {
      description: "The run finished (or was already done)",
      content: {
        "application/json": {
          schema: z.object({ asOf: z.string(), status: z.enum(["done", "already_done"]), stats: RunStats }),
        },
      },
    },
    400: { description: "A future date or a bad date", content: { "application/json": { schema: ErrorBody } } },
    409: { description: "A later date was already run", content: { "application/json": { schema: ErrorBody } } },
  },
});

const RunStatus = z.object({
  asOf: z.string(),
  status: z.string().openapi({ description: "running, done or failed" }),
  trigger: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
  stats: RunStats.nullable(),
  shards: z.array(
    z.object({
      shard: z.number(),
      status: z.string().openapi({ description: "pending, running, done or failed" }),
      attempts: z.number(),
      worker: z.string().nullable().openapi({ description: "host:pid of the process that last took it" }),
      error: z.string().nullable(),
    }),
  ),
});
const myDayRoute = createRoute({
  method: "get",
  path: "/api/my-day",
  summary: "The signed-in user's counters for today: contacts, promises, collected, progress toward the monthly target",
  responses: {
    200: {
      description: "Today's counters",
      content: { "application/json": { schema: z.record(z.string(), z.unknown()) } },
    },
  },
});
const runsRoute = createRoute({
  method: "get",
  path: "/api/runs",
  summary: "Daily runs, newest first, with their shards (done, failed, retried)",
  request: {
    query: z.object({
      asOf: isoDate.optional(),
      limit: z.coerce.number().int().min(1).max(365).optional(),
    }),
  },
  responses: {
    200: { description: "Runs", content: { "application/json": { schema: z.array(RunStatus) } } },
  },
});

const causeRoute = createRoute({
  method: "put",
  path: "/api/customers/{id}/cause",
  summary: "Set a customer's cause of lateness by hand (a note is required)",
  request: {
    params: z.object({ id: z.coerce.number().int().positive() }),
    body: {
      content: {
        "application/json": {
          schema: z
            .object({
              cause: z.enum(CAUSES),
              note: z.string().trim().min(1, "a cause set by hand needs a note saying why"),
              recheckOn: isoDate.optional(),
            })
            .strict(),
        },
      },
    },
  },
  responses: {
    200: {
      description: "The cause in force",
      content: {
        "application/json": {
          schema: z.object({
            customerId: z.number(),
            cause: z.string(),
            previous: z.string().nullable(),
            recheckOn: z.string(),
          }),
        },
      },
    },
    400: { description: "Bad input", content: { "application/json": { schema: ErrorBody } } },
    404: { description: "No such customer", content: { "application/json": { schema: ErrorBody } } },
  },
});

const taskParam = z.object({ id: z.coerce.number().int().positive() });
const TaskClosed = z.object({ id: z.number(), status: z.string() }).passthrough();
const taskResponses = {
  200: { description: "The task now", content: { "application/json": { schema: TaskClosed } } },
  400: { description: "Not possible for this task", content: { "application/json": { schema: ErrorBody } } },
  403: { description: "Not your role", content: { "application/json": { schema: ErrorBody } } },
  404: { description: "No such task in your portfolio", content: { "application/json": { schema: ErrorBody } } },
  409: { description: "Already closed", content: { "application/json": { schema: ErrorBody } } },
};
const doneRoute = createRoute({
  method: "post",
  path: "/api/tasks/{id}/done",
  summary: "Mark a task done",
  request: {
    params: taskParam,
    body: { content: { "application/json": { schema: z.object({ note: z.string().max(2000).optional() }).strict() } } },
  },
  responses: taskResponses,
});
const snoozeRoute = createRoute({
  method: "post",
  path: "/api/tasks/{id}/snooze",
  summary: "Leave a task out of the worklist until a moment",
  request: {
    params: taskParam,
    body: {
      content: {
        "application/json": {
          schema: z
            .object({ until: z.string().datetime({ offset: true }), note: z.string().max(2000).optional() })
            .strict(),
        },
      },
    },
  },
  responses: taskResponses,
});
const decideRoute = createRoute({
  method: "post",
  path: "/api/tasks/{id}/decision",
  summary: "Approve or reject an approval task (managers, admins); an approved measure takes effect at once",
  request: {
    params: taskParam,
    body: {
      content: {
        "application/json": {
          schema: z
            .object({
              approve: z.boolean(),
              note: z.string().trim().min(1, "a decision needs a note").max(2000),
            })
            .strict(),
        },
      },
    },
  },
  responses: taskResponses,
});

/**
 * Whose worklist `user` may name: a collector only their own; a manager their own and their team's (the customers
 * they see are their team's, as in customerScope); an admin anyone's. Refused out loud, never answered with the
 * caller's own list or an empty one as if the other person had no tasks.
 */
export function collectionRoutes<T extends OpenAPIHono<AuthEnv>>(app: T, deps: Deps): T {
  app.openapi(worklistRoute, async (c) => {
    const q = c.req.valid("query");
    const tasks = await worklistOf(deps.database.db, c.get("user"), {
      collector: q.collector,
      asOf: q.asOf,
      limit: q.limit,
      now: deps.now(),
    });
    return c.json(tasks, 200);
  });
  app.openapi(runRoute, async (c) => {
    const user = c.get("user");
    requireRole(user, ["admin", "manager"], "starting the daily run");
    const body = c.req.valid("json");
    const r = await runDaily(deps, { asOf: body.asOf, trigger: "api", actor: user.login });
    return c.json(r, 200);
  });
  app.openapi(myDayRoute, async (c) => c.json(await getMyDay(deps.database.db, c.get("user"), deps.now()), 200));
  app.openapi(runsRoute, async (c) => {
    requireRole(c.get("user"), ["admin", "manager"], "seeing the daily runs");
    const q = c.req.valid("query");
    return c.json(await listRuns(deps.database.db, { asOf: q.asOf, limit: q.limit }), 200);
  });
  app.openapi(causeRoute, async (c) => {
    const { id } = c.req.valid("param");
    const user = c.get("user");
    requireRole(user, ["admin", "manager", "collector"], "setting a cause");
    await visibleCustomerOrThrow(deps.database.db, user, id);
    const body = c.req.valid("json");
    const r = await setCause(deps, { customerId: id, ...body, actor: user.login });
    return c.json(r, 200);
  });
  app.openapi(doneRoute, async (c) => {
    const { id } = c.req.valid("param");
    return c.json(await closeTask(deps, c.get("user"), id, { kind: "done", note: c.req.valid("json").note }), 200);
  });
  app.openapi(snoozeRoute, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    return c.json(
      await closeTask(deps, c.get("user"), id, { kind: "snooze", until: new Date(body.until), note: body.note }),
      200,
    );
  });
  app.openapi(decideRoute, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    return c.json(await closeTask(deps, c.get("user"), id, { kind: "decide", ...body }), 200);
  });
  return app;
}
