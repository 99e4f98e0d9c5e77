/**
 * The store: what the bot keeps that is not money (renewal drafts in `drafts.ts`, saved accounts in
 * `accounts.ts`). Its tables come from its own migration set, applied after the money set (a draft
 * refers to its payment).
 */
import { fileURLToPath } from "node:url";
import type { Migrations } from "../db/index.js";

/** The store's tables, recorded in `schema_migrations` as `store/<file>`. */
export const STORE_MIGRATIONS: Migrations = { dir: fileURLToPath(new URL("./migrations/", import.meta.url)), prefix: "store/" };
