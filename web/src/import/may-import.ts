import type { User } from "../api/types.ts";

/** Imports write the ledger: managers and administrators only (the server checks the same). */
export const mayImport = (user: User) => user.role === "manager" || user.role === "admin";
