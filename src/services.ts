/**
 * The long-lived parts every entry point (bot, CLI) needs, built from the settings: the upstream
 * layer, the money database and the money core.
 */
import type { Config } from "./config.js";
import { type Db, openDb } from "./money/db.js";
import { createMoney, type Money } from "./money/index.js";
import { createUpstream, type Upstream } from "./providers/index.js";

export interface Services {
  config: Config;
  upstream: Upstream;
  db: Db;
  money: Money;
  close(): Promise<void>;
}

export async function openServices(config: Config, overrides: { upstream?: Upstream; db?: Db } = {}): Promise<Services> {
  const upstream = overrides.upstream ?? createUpstream(config.upstream);
  const db =
    overrides.db ?? (await openDb({ databaseUrl: config.money.databaseUrl, dataDir: config.money.databaseUrl ? undefined : config.money.dataDir }));
  const money = createMoney({
    db,
    upstream,
    reconcileDelaySeconds: config.money.reconcileDelaySeconds,
    maxUnknownChecks: config.money.reconcileMaxUnknown,
    staleSubmittedSeconds: config.money.staleSubmittedSeconds,
  });
  // Close only what was opened here; a database handed in belongs to the caller.
  return { config, upstream, db, money, close: () => (overrides.db ? Promise.resolve() : db.close()) };
}
