/**
 * `npm run bench [-- --customers 200 --modes polling,webhook]`
 *
 * Drives N simulated customers through whole renewals (/start → Renew → page the provider list to
 * WorldLink → choose it → type the username → choose a package → Pay → receipt) against the real bot,
 * run as `npm start` runs it (a child process: `node --import tsx src/main.ts`), our fake Bot API and
 * the sandbox aggregators on loopback with no added latency, Redis for state and PostgreSQL for money.
 *
 * Prints, per mode: updates per second, p50/p99 milliseconds per update (from the update being
 * available to the bot's last answer to it), the bot process's CPU milliseconds per update and peak
 * RSS, and Redis bytes per customer mid-renewal (all keys of the chat, measured with MEMORY USAGE
 * while every customer waits at the package list).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import pg from "pg";
import { openDatabase as openDb } from "../src/services.js";
import { createMoney } from "../src/money/index.js";
import { createUpstream } from "../src/providers/index.js";
import { startSandbox } from "../src/sandbox/server.js";
import { type FakeBotApi, type FakeUser, startFakeBotApi } from "../src/playground/bot-api.js";

const { values } = parseArgs({
  options: {
    customers: { type: "string", default: "200" },
    // Customers who renew first, unmeasured, so the numbers are the bot's steady state rather than
    // V8 compiling it (a fresh process spends about a fifth of its CPU in the optimizing compiler).
    warmup: { type: "string", default: "200" },
    modes: { type: "string", default: "polling,webhook" },
    // renew: this project's bot; reference: bench/reference-bot.ts, the hand-written grammY yardstick
    // the performance aims are stated against, driven the same way in the same run; reference-ledger:
    // the same yardstick paying through renew-bot's money core (not in the default set).
    bots: { type: "string", default: "renew,reference" },
    // Holds every customer at the account prompt and at the package list until all have arrived (the
    // old way of measuring Redis); released together they choose and pay in a herd.
    barriers: { type: "boolean", default: false },
    // Every combination is run this many times, interleaved; medians and the ratios to the reference
    // are printed after.
    rounds: { type: "string", default: "3" },
    // Mean think time between a customer's steps: 0 saturates the bot (throughput); a paced run
    // measures what the bot adds per update with every customer mid-dialogue.
    "think-ms": { type: "string", default: "0,1000" },
    profile: { type: "boolean", default: false },
    // Runs the warm-up customers one at a time and prints the bot's CPU per step of the dialogue.
    "cpu-by-step": { type: "boolean", default: false },
    database: { type: "string", default: process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test" },
    redis: { type: "string", default: process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379" },
  },
});
const CUSTOMERS = Number(values.customers);
const WARMUP = Number(values.warmup);
const TOKEN = "123456:BENCH-fake-token-for-renew-bot";
const WEBHOOK_SECRET = "bench-secret-0123456789abcdef0123456789";

/** The process's CPU time so far, user and kernel (system calls, loopback TCP), in ms. */
function cpuMs(pid: number): { user: number; sys: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return { user: (Number(stat[11]) * 1000) / 100, sys: (Number(stat[12]) * 1000) / 100 };
}
/** The whole machine's busy CPU time so far (every core, every process: PostgreSQL and Redis too), in ms. */
function machineCpuMs(): number {
  const [, user, nice, system, , , irq, softirq, steal] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).map(Number);
  return ((user! + nice! + system! + irq! + softirq! + steal!) * 1000) / 100;
}
function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
}
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** Every customer reaches the barrier, then `measure` runs once, then all go on. */
function barrier(n: number, measure: () => Promise<void>) {
  let waiting = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  let paused = 0;
  return {
    async reach() {
      waiting += 1;
      if (waiting === n) {
        const t = performance.now();
        await measure();
        paused = performance.now() - t;
        open();
      }
      await opened;
    },
    get pausedMs() {
      return paused;
    },
  };
}

type BotKind = "renew" | "reference" | "reference-ledger";
const ENTRY: Record<BotKind, string> = { renew: "src/main.ts", reference: "bench/reference-bot.ts", "reference-ledger": "bench/reference-bot.ts" };

async function runMode(botKind: BotKind, mode: "polling" | "webhook", thinkMs: number) {
  const sandbox = await startSandbox({});
  const fake = await startFakeBotApi({ token: TOKEN });
  const schema = `bench_${mode}_${randomBytes(3).toString("hex")}`;
  const prefix = `bench:${mode}:${randomBytes(3).toString("hex")}:`;
  const redis = new Redis(values.redis!);
  const port = await freePort();
  const dbUrl = `${values.database}${values.database!.includes("?") ? "&" : "?"}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  const admin = new pg.Client({ connectionString: values.database });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "/tmp",
    BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: fake.url,
    KHALTI_BASE_URL: sandbox.khaltiBaseUrl,
    KHALTI_TOKEN: sandbox.khaltiToken,
    GLOBALTOPUP_BASE_URL: sandbox.globaltopupBaseUrl,
    GLOBALTOPUP_TOKEN: sandbox.globaltopupToken,
    REDIS_URL: values.redis!,
    REDIS_PREFIX: prefix,
    DATABASE_URL: dbUrl,
    LOG_LEVEL: "warn",
    ...(botKind === "reference-ledger" ? { REFERENCE_LEDGER: "1" } : {}),
    ...(mode === "webhook" ? { WEBHOOK_URL: "https://bench.example.test/hook", WEBHOOK_SECRET, PORT: String(port) } : {}),
  };
  const profileArgs = values.profile ? ["--cpu-prof", "--cpu-prof-dir=bench/profiles"] : [];
  // Extra node flags for the bot's process (diagnostics, e.g. BENCH_NODE_ARGS=--trace-gc).
  profileArgs.push(...(process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean));
  const child: ChildProcess = spawn(process.execPath, [...profileArgs, "--import", "tsx", ENTRY[botKind]], { env, stdio: ["ignore", "inherit", "inherit"] });
  const stop = async () => {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    await fake.close();
    await sandbox.close();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  };
  try {
    // Ready when the commands are registered (after migrations and getMe).
    await fake.waitForCall((c) => c.method === "setMyCommands", { timeoutMs: 60_000 });
    if (mode === "webhook") await fake.waitForCall((c) => c.method === "setWebhook", { timeoutMs: 30_000 });
    await new Promise((r) => setTimeout(r, 300));
    // Fund every customer through the operator's own path.
    const users: FakeUser[] = Array.from({ length: CUSTOMERS }, (_, i) => fake.user(5_000_000 + i, { firstName: `C${i}`, languageCode: "en" }));
    const db = await openDb({ databaseUrl: values.database, schema });
    const money = createMoney({ db, upstream: createUpstream({ lookupTimeoutMs: 1000, commitTimeoutMs: 1000, routePriority: {} }), reconcileDelaySeconds: 300, staleSubmittedSeconds: 3600 });
    const warmupUsers: FakeUser[] = Array.from({ length: WARMUP }, (_, i) => fake.user(6_000_000 + i, { firstName: `W${i}`, languageCode: "en" }));
    for (const u of [...users, ...warmupUsers]) await money.grant({ userId: u.id, amountPaisa: 1_000_000, adminId: "bench" });
    await db.close();

    const webhookUrl = `http://127.0.0.1:${port}/hook`;
    const deliver = async (update: Record<string, unknown>) => {
      if (mode === "webhook") await fake.deliverWebhook(webhookUrl, update, WEBHOOK_SECRET);
    };
    const latencies: number[] = [];
    const responses: number[] = [];
    const trace: string[] = [];
    let traceStart = performance.now();
    let updates = 0;
    /** A paced customer pauses 0..2×think-ms between steps (and after each barrier, so the crowd spreads out again). */
    const think = () => (thinkMs > 0 ? new Promise((r) => setTimeout(r, Math.random() * 2 * thinkMs)) : Promise.resolve());
    // Event-driven waiting: a Bot API call that writes to a chat re-checks the step waiting in that
    // chat (every `done` below looks at the chat's messages). The driver's own cost stays per call.
    const waiting = new Map<number, () => void>();
    const callsByMethod: Record<string, number> = {};
    const unsubscribe = fake.onCall((c) => {
      if (c.method !== "getUpdates" || (c.result as unknown[] | undefined)?.length) callsByMethod[c.method] = (callsByMethod[c.method] ?? 0) + 1;
      const chat = Number(c.params.chat_id);
      if (Number.isFinite(chat)) waiting.get(chat)?.();
    });
    /** Sends one update and waits until the bot's answer to it satisfies `done`. */
    const byStep = new Map<string, number[]>();
    let sequential = false;
    const botPid = child.pid!;
    const cpuByStep = new Map<string, { ms: number; n: number }>();
    const step = async (u: FakeUser, label: string, make: () => Record<string, unknown>, done: () => boolean) => {
      const t0 = performance.now();
      let update: Record<string, unknown> = {};
      let answeredAt = 0;
      const answered = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(u.id);
          reject(new Error(`no answer to update ${String(update.update_id)}`));
        }, 30_000);
        const check = () => {
          if (!done()) return;
          clearTimeout(timer);
          waiting.delete(u.id);
          answeredAt = performance.now();
          resolve();
        };
        waiting.set(u.id, check);
      });
      const c0 = sequential ? cpuMs(botPid) : undefined;
      update = make();
      updates += 1;
      // A webhook's response comes after the bot's last step for the update (its session write, the
      // draft's end), which can be after the answer the customer sees: the latency is to that answer,
      // and the response is timed apart. The customer's next update waits for both.
      await Promise.all([deliver(update).then(() => mode === "webhook" && responses.push(performance.now() - t0)), answered]);
      if (c0) {
        const c1 = cpuMs(botPid);
        const acc = cpuByStep.get(label) ?? { ms: 0, n: 0 };
        cpuByStep.set(label, { ms: acc.ms + c1.user + c1.sys - c0.user - c0.sys, n: acc.n + 1 });
      }
      const ms = answeredAt - t0;
      latencies.push(ms);
      if (process.env.BENCH_TRACE) trace.push(`${(t0 - traceStart).toFixed(0)} ${label} ${ms.toFixed(1)}`);
      byStep.set(label, [...(byStep.get(label) ?? []), ms]);
      await think();
    };
    const text = (u: FakeUser) => u.lastBotMessage()?.text ?? "";
    const buttons = (u: FakeUser) => u.buttons();
    const pressIt = (u: FakeUser, pick: (b: { text: string; data?: string }) => boolean) => () => {
      const msg = u.lastBotMessage()!;
      const b = u.buttons(msg).find(pick);
      if (!b?.data) throw new Error(`button not found in ${u.buttons(msg).map((x) => x.text).join("|")}`);
      return u.pressButton(msg, b.data);
    };

    // Redis bytes per customer, at the account prompt (the conversation is open) and at the package
    // list (the lookup is done): each customer's own keys just before its next step, plus its share of the
    // shared activity key at its largest. With --barriers, measured once while every customer waits.
    const keysOf = (u: FakeUser) => (botKind === "renew" ? [`${prefix}c:${u.id}`, `${prefix}s:${u.id}`] : [`${prefix}ref:${u.id}`]);
    const shared = botKind === "renew" ? [`${prefix}idle`] : [];
    const bytesOf = async (keys: string[]) => {
      let bytes = 0;
      for (const key of keys) bytes += (await redis.memory("USAGE", key)) ?? 0;
      return bytes;
    };
    const samples = { prompt: [] as number[], packages: [] as number[], shared: 0 };
    const sample = async (u: FakeUser, at: "prompt" | "packages") => {
      samples[at].push(await bytesOf(keysOf(u)));
      samples.shared = Math.max(samples.shared, await bytesOf(shared));
    };
    const redisBytes = async () => {
      let bytes = 0;
      for (const u of users) bytes += await bytesOf(keysOf(u));
      return Math.round((bytes + (await bytesOf(shared))) / users.length);
    };
    let atPrompt = 0;
    let atPackages = 0;
    const promptBarrier = barrier(users.length, async () => void (atPrompt = await redisBytes()));
    const packagesBarrier = barrier(users.length, async () => void (atPackages = await redisBytes()));
    const checkpoint = async (u: FakeUser, at: "prompt" | "packages") => {
      if (values.barriers) {
        await (at === "prompt" ? promptBarrier : packagesBarrier).reach();
        await think();
        return;
      }
      // The bot writes its session after its last answer: sampled after the pause (at least 50 ms).
      await think();
      await new Promise((r) => setTimeout(r, 50));
      await sample(u, at);
    };

    const customer = async (u: FakeUser, measured = true) => {
      if (measured) await think();
      await step(u, "start", () => u.sendText("/start"), () => /What would you like to do/.test(text(u)));
      await step(u, "renew", pressIt(u, (b) => b.text === "🌐 Renew internet"), () => /Choose your internet provider/.test(text(u)));
      while (!buttons(u).some((b) => b.text === "WorldLink")) {
        const before = JSON.stringify(buttons(u));
        await step(u, "page", pressIt(u, (b) => b.text === "▶️"), () => JSON.stringify(buttons(u)) !== before);
      }
      await step(u, "isp", pressIt(u, (b) => b.text === "WorldLink"), () => /type the username/.test(text(u)));
      if (measured) await checkpoint(u, "prompt");
      await step(u, "account", () => u.sendText("online_renew"), () => /Choose what to pay/.test(text(u)));
      if (measured) await checkpoint(u, "packages");
      await step(u, "option", pressIt(u, (b) => /40mbps\/3 mths/.test(b.text)), () => /Please confirm/.test(text(u)));
      await step(u, "pay", pressIt(u, (b) => b.text.startsWith("✅ Pay")), () => /Receipt No\./.test(text(u)));
    };

    if (warmupUsers.length > 0) {
      const paced = thinkMs;
      thinkMs = 0;
      if (values["cpu-by-step"]) {
        sequential = true;
        for (const u of warmupUsers) await customer(u, false);
        sequential = false;
        console.error(`bot CPU ms per step (${mode}, ${warmupUsers.length} customers one at a time):`);
        console.error(Object.fromEntries([...cpuByStep].map(([k, v]) => [k, Number((v.ms / v.n).toFixed(2))])));
      } else {
        await Promise.all(warmupUsers.map((u) => customer(u, false)));
      }
      thinkMs = paced;
      latencies.length = 0;
      responses.length = 0;
      byStep.clear();
      updates = 0;
      for (const k of Object.keys(callsByMethod)) delete callsByMethod[k];
    }
    traceStart = performance.now();
    trace.length = 0;
    const cpu0 = cpuMs(child.pid!);
    const machine0 = machineCpuMs();
    const ownCpu0 = process.cpuUsage();
    const t0 = performance.now();
    await Promise.all(users.map((u) => customer(u)));
    unsubscribe();
    const wall = performance.now() - t0 - promptBarrier.pausedMs - packagesBarrier.pausedMs;
    const cpu1 = cpuMs(child.pid!);
    const machine = machineCpuMs() - machine0;
    const cpu = cpu1.user + cpu1.sys - cpu0.user - cpu0.sys;
    const sysShare = (cpu1.sys - cpu0.sys) / cpu;
    const ownCpu = process.cpuUsage(ownCpu0);
    if (process.env.BENCH_TRACE) writeFileSync(`${process.env.BENCH_TRACE}.${botKind}.${mode}.${thinkMs}`, trace.join("\n"));
    const sorted = [...latencies].sort((a, b) => a - b);
    if (!values.barriers) {
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
      atPrompt = Math.round(mean(samples.prompt) + samples.shared / users.length);
      atPackages = Math.round(mean(samples.packages) + samples.shared / users.length);
    }
    return {
      bot: botKind,
      mode,
      thinkMs,
      customers: CUSTOMERS,
      updates,
      updatesPerSecond: Math.round((updates / wall) * 1000),
      p50Ms: Number(percentile(sorted, 50).toFixed(1)),
      p99Ms: Number(percentile(sorted, 99).toFixed(1)),
      // Webhook mode: p99 from the update's delivery to the bot's HTTP response.
      webhookResponseP99Ms: mode === "webhook" ? Number(percentile([...responses].sort((a, b) => a - b), 99).toFixed(1)) : null,
      cpuMsPerUpdate: Number((cpu / updates).toFixed(2)),
      kernelShareOfCpu: Number(sysShare.toFixed(2)),
      peakRssMb: Math.round(peakRssMb(child.pid!)),
      // The driver (fake Bot API, sandbox, customers) shares the machine's 2 cores with the bot.
      driverCpuMsPerUpdate: Number(((ownCpu.user + ownCpu.system) / 1000 / updates).toFixed(2)),
      // Everything the machine did per update: the bot, the driver, PostgreSQL, Redis, the kernel.
      machineCpuMsPerUpdate: Number((machine / updates).toFixed(2)),
      redisBytesAtPrompt: atPrompt,
      redisBytesAtPackages: atPackages,
      commits: sandbox.commits.filter((c) => c.accepted).length,
      // Bot API calls the bot made per update (non-empty getUpdates included), by method.
      apiCallsPerUpdate: Object.fromEntries(Object.entries(callsByMethod).map(([k, v]) => [k, Number((v / updates).toFixed(2))])),
      // p99 per step: "account" includes the aggregator lookup, "pay" the payment and its commit.
      p99ByStep: Object.fromEntries([...byStep].map(([k, v]) => [k, Number(percentile([...v].sort((a, b) => a - b), 99).toFixed(1))])),
    };
  } finally {
    await stop();
  }
}

type Result = Awaited<ReturnType<typeof runMode>> & { round: number };
const results: Result[] = [];
const ROUNDS = Math.max(1, Number(values.rounds));
for (let round = 1; round <= ROUNDS; round++) {
  for (const thinkMs of values["think-ms"]!.split(",").map(Number)) {
    for (const mode of values.modes!.split(",") as ("polling" | "webhook")[]) {
      // The bots take turns within a mode, so both see the machine in the same state.
      for (const botKind of values.bots!.split(",") as BotKind[]) results.push({ round, ...(await runMode(botKind, mode, thinkMs)) });
    }
  }
}
console.table(results.map(({ apiCallsPerUpdate: _a, p99ByStep: _p, ...r }) => r));
for (const r of results) console.error(`${r.bot} ${r.mode} think ${r.thinkMs} round ${r.round}: p99 by step ${JSON.stringify(r.p99ByStep)}; API calls per update ${JSON.stringify(r.apiCallsPerUpdate)}`);

// Medians over the rounds (runs on this machine vary by up to 40%), and the aims, which are ratios to
// the reference bot: throughput within 10%, p99 within 1.2×.
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const METRICS = ["updatesPerSecond", "p50Ms", "p99Ms", "webhookResponseP99Ms", "cpuMsPerUpdate", "machineCpuMsPerUpdate", "peakRssMb", "redisBytesAtPrompt", "redisBytesAtPackages"] as const;
const medians = [...new Set(results.map((r) => `${r.bot}|${r.mode}|${r.thinkMs}`))].map((key) => {
  const rows = results.filter((r) => `${r.bot}|${r.mode}|${r.thinkMs}` === key);
  const [bot, mode, thinkMs] = key.split("|");
  return { bot, mode, thinkMs: Number(thinkMs), rounds: rows.length, ...Object.fromEntries(METRICS.map((m) => [m, Number(median(rows.map((r) => r[m] ?? NaN)).toFixed(2))])) } as {
    bot: string;
    mode: string;
    thinkMs: number;
    rounds: number;
  } & Record<(typeof METRICS)[number], number>;
});
if (ROUNDS > 1) {
  console.error(`medians of ${ROUNDS} rounds:`);
  console.table(medians);
}
for (const r of medians.filter((x) => x.bot === "renew")) {
  for (const kind of ["reference", "reference-ledger"]) {
    const ref = medians.find((x) => x.bot === kind && x.mode === r.mode && x.thinkMs === r.thinkMs);
    if (!ref) continue;
    console.error(
      `${r.mode} think ${r.thinkMs}: renew-bot/${kind} updates/s ${(r.updatesPerSecond / ref.updatesPerSecond).toFixed(2)} (aim ≥ 0.90), p99 ${(r.p99Ms / ref.p99Ms).toFixed(2)}× (aim ≤ 1.20), bot CPU/update ${(r.cpuMsPerUpdate / ref.cpuMsPerUpdate).toFixed(2)}×, machine CPU/update ${(r.machineCpuMsPerUpdate / ref.machineCpuMsPerUpdate).toFixed(2)}×`,
    );
  }
}
process.stdout.write(`${JSON.stringify({ results, medians })}\n`);
process.exit(0);

/** A port nothing listens on now (the kernel picks it; a random one could be an ephemeral port in use). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
