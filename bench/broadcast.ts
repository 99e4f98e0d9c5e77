/**
 * `npm run bench:broadcast [-- --recipients 900 --limit 30 --processes 1,2 --queue 100000]`
 *
 * Broadcast throughput against our Bot API emulator enforcing Telegram's limit (`--limit` messages
 * in any second, 429 with retry_after past it), with the bot run as `npm start` runs it (child
 * processes of `src/main.ts` in webhook mode, so several share one Redis and one PostgreSQL schema):
 * for each number of processes, one broadcast to `--recipients` people, and
 * - the achieved rate (accepted messages per second from the first to the last) as a fraction of
 *   the limit, the 429s the emulator answered, and each process's share;
 * - lost (never delivered) and duplicated (delivered more than once) recipients.
 * Then the time to queue `--queue` recipients (what the admin's Send does: the recipients written
 * in PostgreSQL, the jobs added to BullMQ), with no process sending.
 *
 * The bot is set to `--rate` messages per second (BROADCAST_RATE_PER_SECOND; default: the limit).
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { Api } from "grammy";
import { Redis } from "ioredis";
import pg from "pg";
import { createBroadcaster } from "../src/broadcast/engine.js";
import { createBroadcastStore } from "../src/broadcast/store.js";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/log.js";
import { startFakeBotApi } from "../src/playground/bot-api.js";
import { startSandbox } from "../src/sandbox/server.js";
import { openDatabase } from "../src/services.js";
import { type BotProcess, schemaUrl, sentBy, startBotProcess } from "../test/support/bot-process.js";

const { values } = parseArgs({
  options: {
    recipients: { type: "string", default: "900" },
    limit: { type: "string", default: "30" },
    rate: { type: "string" },
    processes: { type: "string", default: "1,2" },
    queue: { type: "string", default: "100000" },
    database: { type: "string", default: process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test" },
    redis: { type: "string", default: process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379" },
  },
});
const RECIPIENTS = Number(values.recipients);
const LIMIT = Number(values.limit);
if (!(LIMIT >= 2)) throw new Error("--limit: at least 2 messages per second");
const RATE = Number(values.rate ?? LIMIT);
const QUEUE = Number(values.queue);
const TOKEN = "123456:BENCH-broadcast-token-0123456789";
const ADMIN = 1;
const FIRST_USER = 10_000_000;

const fake = await startFakeBotApi({ token: TOKEN });
const sandbox = await startSandbox({ khaltiToken: "TEST:bench", globaltopupToken: "bench" });
const schema = `bench_bc_${randomBytes(3).toString("hex")}`;
const prefix = `bench:bc:${randomBytes(3).toString("hex")}:`;
const redis = new Redis(values.redis!);
const db = await openDatabase({ databaseUrl: values.database, schema });
const config = loadConfig({ REDIS_URL: values.redis, REDIS_PREFIX: prefix, DATABASE_URL: values.database, BROADCAST_RATE_PER_SECOND: String(RATE) });
const store = createBroadcastStore(db);
const broadcaster = createBroadcaster({ store, settings: config.broadcast, logger: createLogger("warn", []), redis: config.redis });
const api = new Api(TOKEN, { apiRoot: fake.url });

/** Starts a broadcast to everyone, as the admin's Send button does; returns its id and how long queueing took. */
async function send(text: string): Promise<{ id: number; queueMs: number }> {
  const progress = await api.sendMessage(ADMIN, "progress");
  const draft = await store.createDraft({ createdBy: ADMIN, chatId: ADMIN, text });
  await store.address(draft.id, ADMIN, { kind: "all" });
  const t0 = performance.now();
  const b = (await store.start(draft.id, ADMIN, progress.message_id))!;
  await broadcaster.enqueue(b);
  return { id: b.id, queueMs: performance.now() - t0 };
}

const processes: BotProcess[] = [];
try {
  await db.query("INSERT INTO bot_users (user_id) SELECT generate_series($1::bigint, $2::bigint)", [FIRST_USER, FIRST_USER + RECIPIENTS - 2]);
  // The admin is one of "everyone" too.
  await db.query("INSERT INTO bot_users (user_id) VALUES ($1)", [ADMIN]);
  fake.rateLimit({ perSecond: LIMIT });
  const rows: string[] = [];
  for (const n of values.processes!.split(",").map(Number)) {
    const text = `Bench notice, ${n} process(es)`;
    const running = Array.from({ length: n }, () =>
      startBotProcess({
        BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: fake.url,
        KHALTI_BASE_URL: sandbox.khaltiBaseUrl,
        KHALTI_TOKEN: "TEST:bench",
        DATABASE_URL: schemaUrl(values.database!, schema),
        REDIS_URL: values.redis!,
        REDIS_PREFIX: prefix,
        ADMIN_IDS: String(ADMIN),
        BROADCAST_RATE_PER_SECOND: String(RATE),
      }),
    );
    processes.push(...running);
    const setWebhooks = () => fake.calls.filter((c) => c.method === "setWebhook").length;
    const before = setWebhooks();
    const end = Date.now() + 60_000;
    while (setWebhooks() < before + n) {
      if (Date.now() > end) throw new Error(`bot processes not ready:\n${running.map((p) => p.output().slice(-2000)).join("\n")}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const { id } = await send(text);
    const finished = () => fake.calls.some((c) => c.method === "sendMessage" && c.params.chat_id === ADMIN && new RegExp(`Broadcast #${id} finished`).test(String(c.params.text)));
    while (!finished()) await new Promise((r) => setTimeout(r, 200));
    await Promise.all(running.map((p) => p.stop()));
    const sends = fake.calls.filter((c) => c.method === "sendMessage" && c.params.text === text);
    const accepted = sends.filter((c) => c.result);
    const per = new Map<number, number>();
    for (const c of accepted) per.set(Number(c.params.chat_id), (per.get(Number(c.params.chat_id)) ?? 0) + 1);
    const first = accepted[0]!.at;
    const last = accepted[accepted.length - 1]!.at;
    const rate = (accepted.length - 1) / ((last - first) / 1000);
    const result = {
      processes: n,
      recipients: RECIPIENTS,
      seconds: Math.round((last - first) / 100) / 10,
      rate: Math.round(rate * 100) / 100,
      fractionOfLimit: Math.round((rate / LIMIT) * 1000) / 1000,
      refused429: sends.filter((c) => c.error?.error_code === 429).length,
      lost: RECIPIENTS - per.size,
      duplicated: accepted.length - per.size,
      shares: running.map(sentBy),
    };
    console.log(JSON.stringify(result));
    rows.push(
      `| ${n} | ${RECIPIENTS} | ${result.seconds} | ${result.rate} | ${result.fractionOfLimit} | ${result.refused429} | ${result.lost} | ${result.duplicated} | ${result.shares.join(" / ")} |`,
    );
  }
  fake.rateLimit(undefined);

  // Queueing a large broadcast (nobody sending): the recipients in PostgreSQL, the jobs in BullMQ.
  await db.query("INSERT INTO bot_users (user_id) SELECT generate_series($1::bigint, $2::bigint)", [FIRST_USER + RECIPIENTS, FIRST_USER + QUEUE - 1]);
  const { id, queueMs } = await send("Bench notice, queued only");
  const queued = (await redis.keys(`${prefix}bull:broadcast-${id}:*`)).length > 0;
  await broadcaster.cancel(id);
  console.log(JSON.stringify({ queueRecipients: (await store.get(id))!.total, queueSeconds: Math.round(queueMs / 10) / 100, queued }));
  console.log(`\nlimit ${LIMIT}/s, bot rate ${RATE}/s\n`);
  console.log("| processes | recipients | seconds | messages/s | fraction of limit | 429s | lost | duplicated | sent per process |");
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const r of rows) console.log(r);
  console.log(`\nqueueing ${(await store.get(id))!.total.toLocaleString("en")} recipients: ${(queueMs / 1000).toFixed(2)} s`);
} finally {
  for (const p of processes) if (p.child.exitCode === null) await p.kill();
  await broadcaster.close();
  await fake.close();
  await sandbox.close();
  await db.close();
  const keys = await redis.keys(`${prefix}*`);
  for (let i = 0; i < keys.length; i += 1000) await redis.del(...keys.slice(i, i + 1000));
  redis.disconnect();
  const admin = new pg.Client({ connectionString: values.database });
  await admin.connect();
  await admin.query(`DROP SCHEMA ${schema} CASCADE`);
  await admin.end();
}
