/**
 * A separate process that pays one intent and is killed by the crash test while its commit is in
 * flight. Settings arrive as one JSON argument (tests do not go through src/config.ts).
 */
import { openDatabase } from "../../src/services.js";
import { createMoney } from "../../src/money/index.js";
import { createUpstream } from "../../src/providers/index.js";

const args = JSON.parse(process.argv[2] ?? "{}") as {
  databaseUrl?: string;
  schema?: string;
  dataDir?: string;
  khaltiBaseUrl: string;
  khaltiToken: string;
  userId: number;
  intentKey: string;
};

const db = await openDatabase({ databaseUrl: args.databaseUrl, schema: args.schema, dataDir: args.dataDir });
const upstream = createUpstream({
  khalti: { baseUrl: args.khaltiBaseUrl, token: args.khaltiToken },
  lookupTimeoutMs: 5000,
  commitTimeoutMs: 60_000,
  routePriority: {},
});
const money = createMoney({ db, upstream, reconcileDelaySeconds: 0, staleSubmittedSeconds: 3600 });
const lookup = await upstream.lookup("worldlink", "online_renew");
process.stdout.write("paying\n");
const result = await money.pay({ key: args.intentKey, payerUserId: args.userId, lookup, optionKey: "pkg-1888314" });
process.stdout.write(`finished ${result.payment.state}\n`);
await db.close();
