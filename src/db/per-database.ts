import type { Db } from "./database.ts";

/**
 * A value built once per database handle and kept while the handle lives: a named prepared statement (drizzle's
 * `.prepare(name)`), which PostgreSQL then plans once per connection instead of on every request.
 */
export function perDatabase<T extends object>(build: (db: Db) => T): (db: Db) => T {
  const built = new WeakMap<Db, T>();
  return (db) => {
    let value = built.get(db);
    if (!value) {
      value = build(db);
      built.set(db, value);
    }
    return value;
  };
}
