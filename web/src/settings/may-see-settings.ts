// Who sees the settings pages: admins change them; managers read them (and manage custom scripts).
import type { User } from "../api/types.ts";

export const maySeeSettings = (user: User) => user.role === "admin" || user.role === "manager";
export const mayChangeSettings = (user: User) => user.role === "admin";
