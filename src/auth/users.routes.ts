// /api/users: the accounts, for the settings pages. Managers read the list; admins add users, change their name,
// role, team, email or whether they may sign in, and set a new password. Each change is one use case of
// manage-users.ts (the same the CLI's `huikuan user` runs), audited in its transaction.
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Database } from "../db/database.ts";
import type { AuthEnv } from "../http/auth-middleware.ts";
import { ErrorBody } from "../http/route-schemas.ts";
import { requireRole } from "./access.ts";
import { addUser, listUsers, setPassword, updateUser } from "./manage-users.ts";
import { USER_ROLES } from "./users.schema.ts";

const json = <S extends z.ZodType>(schema: S) => ({ "application/json": { schema } });
const error = (description: string) => ({ description, content: json(ErrorBody) });

const Account = z
  .object({
    id: z.number(),
    login: z.string(),
    name: z.string(),
    role: z.enum(USER_ROLES),
    team: z.string().nullable(),
    email: z.string().nullable(),
    active: z.boolean(),
  })
  .openapi("Account");

const team = z.string().trim().max(100).nullable();
const email = z.string().trim().max(200).nullable();
const loginParam = z.object({ login: z.string().min(1).max(40) });

const listRoute = createRoute({
  method: "get",
  path: "/api/users",
  summary: "Every account, active or not (managers, admins)",
  responses: { 200: { description: "Accounts by login", content: json(z.array(Account)) }, 403: error("Not allowed") },
});
const addRoute = createRoute({
  method: "post",
  path: "/api/users",
  summary: "Add a user (admins); the password must pass the password policy",
  request: {
    body: {
      content: json(
        z
          .object({
            login: z.string().min(1).max(40),
            name: z.string().trim().min(1).max(100),
            role: z.enum(USER_ROLES),
            team: team.optional(),
            email: email.optional(),
            password: z.string().min(1).max(200),
          })
          .strict(),
      ),
      required: true,
    },
  },
  responses: {
    201: { description: "Added", content: json(Account) },
    400: error("Refused: login, email or password"),
    403: error("Not an admin"),
    409: error("The login is taken"),
  },
});
const updateRoute = createRoute({
  method: "patch",
  path: "/api/users/{login}",
  summary: "Change a user's name, role, team, email or active flag (admins); a new role or disabling ends sessions",
  request: {
    params: loginParam,
    body: {
      content: json(
        z
          .object({
            name: z.string().trim().min(1).max(100).optional(),
            role: z.enum(USER_ROLES).optional(),
            team: team.optional(),
            email: email.optional(),
            active: z.boolean().optional(),
          })
          .strict(),
      ),
      required: true,
    },
  },
  responses: {
    200: { description: "Saved", content: json(Account) },
    400: error("Refused"),
    403: error("Not an admin"),
    404: error("No such user"),
  },
});
const passwordRoute = createRoute({
  method: "post",
  path: "/api/users/{login}/password",
  summary: "Set a new password for a user (admins); ends their sessions",
  request: {
    params: loginParam,
    body: { content: json(z.object({ password: z.string().min(1).max(200) }).strict()), required: true },
  },
  responses: {
    204: { description: "Changed" },
    400: error("The password does not pass the policy"),
    403: error("Not an admin"),
    404: error("No such user"),
  },
});

export function userRoutes<T extends OpenAPIHono<AuthEnv>>(app: T, deps: { database: Database; now: () => Date }): T {
  app.openapi(listRoute, async (c) => {
    requireRole(c.get("user"), ["admin", "manager"], "the list of users");
    return c.json(await listUsers(deps.database.db), 200);
  });
  app.openapi(addRoute, async (c) => {
    const actor = c.get("user");
    requireRole(actor, ["admin"], "adding users");
    return c.json(await addUser(deps, c.req.valid("json"), actor.login), 201);
  });
  app.openapi(updateRoute, async (c) => {
    const actor = c.get("user");
    requireRole(actor, ["admin"], "changing users");
    return c.json(await updateUser(deps, c.req.valid("param").login, c.req.valid("json"), actor.login), 200);
  });
  app.openapi(passwordRoute, async (c) => {
    const actor = c.get("user");
    requireRole(actor, ["admin"], "setting passwords");
    await setPassword(deps, { login: c.req.valid("param").login, password: c.req.valid("json").password }, actor.login);
    return c.body(null, 204);
  });
  return app;
}
