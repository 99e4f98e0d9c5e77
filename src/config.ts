/**
 * The program's settings: one zod schema over the environment.
 *
 * This is the only module that reads `process.env`; everything else receives a `Config` (or the part
 * of it it needs). A missing or invalid setting stops the program with one readable message that
 * names each bad variable, never a stack trace. Every setting is listed, with a comment, in
 * `.env.example`.
 */
import { existsSync } from "node:fs";
import { z } from "zod";

/** A variable set to the empty string counts as unset (as in most `.env` loaders). */
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const url = (what: string) =>
  z
    .string()
    .trim()
    .refine((v) => /^https?:\/\/[^\s]+$/.test(v), { message: `must be an http(s) URL (${what})` })
    .transform((v) => v.replace(/\/+$/, ""));

const milliseconds = (fallback: number) =>
  optionalString.pipe(
    z
      .string()
      .regex(/^\d+$/, "must be a whole number of milliseconds")
      .transform(Number)
      .refine((n) => n >= 100 && n <= 600_000, "must be between 100 and 600000")
      .optional()
      .transform((n) => n ?? fallback),
  );

const wholeNumber = (fallback: number, min: number, max: number) =>
  optionalString.pipe(
    z
      .string()
      .regex(/^\d+$/, "must be a whole number")
      .transform(Number)
      .refine((n) => n >= min && n <= max, `must be between ${min} and ${max}`)
      .optional()
      .transform((n) => n ?? fallback),
  );

/** `true`/`false` (also 1/0, yes/no, on/off); unset = `fallback`. */
const flag = (fallback: boolean) =>
  optionalString.pipe(
    z
      .string()
      .transform((v) => v.toLowerCase())
      .refine((v) => ["true", "false", "1", "0", "yes", "no", "on", "off"].includes(v), "must be true or false")
      .transform((v) => ["true", "1", "yes", "on"].includes(v))
      .optional()
      .transform((b) => b ?? fallback),
  );

const aggregatorName = z.enum(["khalti", "globaltopup"]);

/**
 * Agents' limits by default, in rupees. Cash-in follows Nepal Rastra Bank's cap on loading a wallet
 * through an agent or sub-agent (Rs 25,000 a day per wallet, Unified Directive for payment service
 * providers; check the directive in force). Payments an agent makes for customers from their own
 * float have no NRB figure of their own: Rs 50,000 a payment and Rs 3,00,000 a day (NRB's daily cap
 * on mobile-app payments) are this program's choice.
 */
export const DEFAULT_AGENT_LIMITS_RUPEES = { cashInMax: 25_000, cashInDay: 25_000, payMax: 50_000, payDay: 300_000 } as const;

/** `ADMIN_IDS`: comma-separated numeric Telegram user ids. */
const userIds = optionalString.transform((raw, ctx) => {
  if (!raw) return [] as number[];
  const ids: number[] = [];
  for (const part of raw.split(",").map((p) => p.trim()).filter(Boolean)) {
    if (!/^\d{1,15}$/.test(part)) {
      ctx.addIssue({ code: "custom", message: `"${part}" is not a numeric Telegram user id` });
      return z.NEVER;
    }
    ids.push(Number(part));
  }
  return ids;
});

/**
 * `ISP_ROUTE_PRIORITY`: per-ISP override of which aggregator is tried first, e.g.
 * `websurfer=globaltopup,worldlink=khalti`.
 */
const routePriority = optionalString.transform((raw, ctx) => {
  const out: Record<string, "khalti" | "globaltopup"> = {};
  if (!raw) return out;
  for (const part of raw.split(",").map((p) => p.trim()).filter(Boolean)) {
    const [isp, via] = part.split("=").map((s) => s.trim());
    const parsed = aggregatorName.safeParse(via);
    if (!isp || !/^[a-z0-9-]+$/.test(isp) || !parsed.success) {
      ctx.addIssue({ code: "custom", message: `"${part}" is not isp-id=khalti|globaltopup` });
      return z.NEVER;
    }
    out[isp] = parsed.data;
  }
  return out;
});

const envSchema = z
  .object({
    KHALTI_BASE_URL: optionalString.pipe(url("Khalti services").optional()),
    KHALTI_TOKEN: optionalString,
    GLOBALTOPUP_BASE_URL: optionalString.pipe(url("Global Topup, including /api/v1").optional()),
    GLOBALTOPUP_TOKEN: optionalString,
    UPSTREAM_LOOKUP_TIMEOUT_MS: milliseconds(15_000),
    UPSTREAM_COMMIT_TIMEOUT_MS: milliseconds(30_000),
    ISP_ROUTE_PRIORITY: routePriority,
    SANDBOX_PORT: wholeNumber(4010, 0, 65535),
    DATABASE_URL: optionalString.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\/\S+$/, "must be a postgres:// or postgresql:// URL")
        .optional(),
    ),
    DATA_DIR: optionalString,
    ADMIN_IDS: userIds,
    OPERATOR_USER_ID: optionalString.pipe(z.string().regex(/^\d{1,15}$/, "must be a numeric Telegram user id").transform(Number).optional()),
    RECONCILE_DELAY_SECONDS: wholeNumber(300, 0, 86_400),
    RECONCILE_MAX_UNKNOWN: wholeNumber(8, 1, 100),
    LOW_CREDIT_WARN_RUPEES: wholeNumber(10_000, 0, 1_000_000_000),
    BOT_TOKEN: optionalString.pipe(
      z.string().regex(/^\d+:[A-Za-z0-9_-]{20,}$/, "does not look like a bot token (get one from @BotFather)").optional(),
    ),
    TELEGRAM_API_ROOT: optionalString.pipe(url("Bot API server").optional()),
    WEBHOOK_URL: optionalString.pipe(
      z.string().regex(/^https:\/\/\S+$/, "must be an https:// URL that Telegram can reach").optional(),
    ),
    WEBHOOK_SECRET: optionalString.pipe(
      z.string().regex(/^[A-Za-z0-9_-]{32,256}$/, "must be 32-256 characters of A-Z, a-z, 0-9, _ and - (e.g. openssl rand -hex 32)").optional(),
    ),
    PORT: wholeNumber(8080, 1, 65535),
    KHALTI_DLR_PATH: optionalString.pipe(
      z.string().regex(/^\/[A-Za-z0-9._~/-]{1,200}$/, "must be a URL path such as /khalti/dlr (letters, digits and . _ ~ / -)").optional(),
    ),
    REDIS_URL: optionalString.pipe(z.string().regex(/^rediss?:\/\/\S+$/, "must be a redis:// or rediss:// URL").optional()),
    REDIS_PREFIX: optionalString.pipe(z.string().regex(/^[A-Za-z0-9:_-]{1,40}$/, "must be 1-40 characters of A-Z, a-z, 0-9, :, _ and -").optional()),
    PAYMENT_PROVIDER_TOKEN: optionalString,
    DIALOGUE_IDLE_SECONDS: wholeNumber(900, 1, 86_400),
    BROADCAST_RATE_PER_SECOND: wholeNumber(25, 1, 1000),
    BROADCAST_ALLOW_PAID: flag(false),
    BROADCAST_PAID_RATE_PER_SECOND: wholeNumber(1000, 1, 1000),
    DRAFT_RETENTION_DAYS: wholeNumber(30, 1, 3650),
    AGENT_CASHIN_MAX_RUPEES: wholeNumber(DEFAULT_AGENT_LIMITS_RUPEES.cashInMax, 1, 10_000_000),
    AGENT_CASHIN_DAILY_RUPEES: wholeNumber(DEFAULT_AGENT_LIMITS_RUPEES.cashInDay, 1, 10_000_000),
    AGENT_PAY_MAX_RUPEES: wholeNumber(DEFAULT_AGENT_LIMITS_RUPEES.payMax, 1, 10_000_000),
    AGENT_PAY_DAILY_RUPEES: wholeNumber(DEFAULT_AGENT_LIMITS_RUPEES.payDay, 1, 100_000_000),
    NODE_ENV: optionalString,
    LOG_LEVEL: optionalString.pipe(
      z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
    ),
  });

/** Settings of one aggregator; `undefined` in `Config` when its token is unset (disabled). */
export interface AggregatorSettings {
  baseUrl: string;
  token: string;
}

export interface UpstreamSettings {
  khalti?: AggregatorSettings;
  globaltopup?: AggregatorSettings;
  lookupTimeoutMs: number;
  commitTimeoutMs: number;
  /** ISP id → aggregator to try first. */
  routePriority: Record<string, "khalti" | "globaltopup">;
}

export interface MoneySettings {
  /** PostgreSQL; embedded PGlite in `dataDir` when unset. */
  databaseUrl?: string;
  dataDir: string;
  /** First status lookup of a pending payment, and the base of its backoff. */
  reconcileDelaySeconds: number;
  /** Unknown status answers before a pending payment is flagged for an admin. */
  reconcileMaxUnknown: number;
  /** A payment `submitted` for longer than this has an unknown outcome (commit timeout + 60 s). */
  staleSubmittedSeconds: number;
}

export interface BotSettings {
  /** Telegram's bot token; unset, `npm start` opens the local playground (the CLI and sandbox run without it). */
  token?: string;
  apiRoot: string;
  /** Webhook mode when set; long polling otherwise. */
  webhookUrl?: string;
  webhookSecret?: string;
  port: number;
  /**
   * Webhook mode with Khalti enabled: the path of the webhook server where Khalti posts its delivery
   * reports (each only triggers a status lookup of its payment).
   */
  khaltiDlrPath: string;
  /** Telegram Payments provider token: wallet top-ups by invoice when set. */
  paymentProviderToken?: string;
  /** A dialogue idle this long ends with a message, and its stored state expires. */
  idleSeconds: number;
}

/** Broadcasts (admins' notices to many people). */
export interface BroadcastSettings {
  /** Messages per second across every process (Telegram allows about 30 free). */
  ratePerSecond: number;
  /** Whether an admin may send an urgent notice as a paid broadcast (`allow_paid_broadcast`). */
  allowPaid: boolean;
  /** Messages per second of a paid broadcast (Telegram allows up to 1,000). */
  paidRatePerSecond: number;
}

/** What the store (drafts, saved accounts) keeps, and for how long. */
export interface StoreSettings {
  /**
   * Days a finished renewal draft (done, cancelled), or one left open, keeps its stored lookup
   * (the customer's name, plan and options); after that `drafts.purge` removes it.
   */
  draftRetentionDays: number;
}

/** What agents may move (paisa); days are Nepal days (Asia/Kathmandu). */
export interface AgentSettings {
  /** Largest cash-in. */
  cashInMaxPaisa: number;
  /** Cash-ins into one customer's wallet per day, from all agents together. */
  cashInDayPaisa: number;
  /** Largest payment for a customer. */
  payMaxPaisa: number;
  /** One agent's payments for customers per day (failed ones do not count). */
  payDayPaisa: number;
}

export interface Config {
  bot: BotSettings;
  broadcast: BroadcastSettings;
  store: StoreSettings;
  agents: AgentSettings;
  /** Sessions, conversation state and queues; memory when unset. */
  redis?: { url: string; prefix: string };
  upstream: UpstreamSettings;
  money: MoneySettings;
  adminIds: number[];
  /** Whose wallet the operator CLI pays from. */
  operatorUserId?: number;
  /** Admins are warned when an aggregator's available credit is below this (0: never). */
  lowCreditWarnPaisa: number;
  sandbox: { port: number };
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
}

/** Thrown by `loadConfig`; its message names every bad variable, one per line. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid settings:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** The earliest first status lookup of a pending payment, outside tests. */
export const MIN_RECONCILE_DELAY_SECONDS = 300;

/** Khalti's base URL for a token: test tokens (`TEST:`) go to the test environment, never to live. */
export function khaltiDefaultBaseUrl(token: string): string {
  return token.startsWith("TEST:") ? "https://uatservices.khalti.com" : "https://services.khalti.com";
}

/** Reads and validates the settings. Throws `ConfigError` (never a zod error). */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const name = issue.path.length > 0 ? String(issue.path[0]) : "environment";
        return `${name}: ${issue.message}`;
      });
  // Checked on the raw values so that it is reported together with every other problem.
  if (env.GLOBALTOPUP_TOKEN?.trim() && !env.GLOBALTOPUP_BASE_URL?.trim()) {
    problems.push(
      "GLOBALTOPUP_BASE_URL: is required when GLOBALTOPUP_TOKEN is set (test environment: https://uatservices.globaltopup.in/api/v1)",
    );
  }
  const dlrPath = env.KHALTI_DLR_PATH?.trim() || "/khalti/dlr";
  if (env.WEBHOOK_URL?.trim() && URL.canParse(env.WEBHOOK_URL.trim()) && new URL(env.WEBHOOK_URL.trim()).pathname === dlrPath) {
    problems.push("KHALTI_DLR_PATH: must differ from the path of WEBHOOK_URL (Telegram's updates arrive there)");
  }
  if (env.WEBHOOK_URL?.trim() && !env.WEBHOOK_SECRET?.trim()) {
    problems.push("WEBHOOK_SECRET: is required in webhook mode (WEBHOOK_URL is set): every request is checked against it");
  }
  // Khalti asks for a status lookup no sooner than 5 minutes after a payment; only tests go faster.
  const delay = Number(env.RECONCILE_DELAY_SECONDS?.trim() || 300);
  if (delay < MIN_RECONCILE_DELAY_SECONDS && env.NODE_ENV?.trim() !== "test") {
    problems.push(`RECONCILE_DELAY_SECONDS: must be at least ${MIN_RECONCILE_DELAY_SECONDS} (Khalti asks for the status lookup no sooner than 5 minutes)`);
  }
  // Embedded PGlite is one process's folder: processes that share Redis must share PostgreSQL.
  if (env.REDIS_URL?.trim() && !env.DATABASE_URL?.trim()) {
    problems.push("DATABASE_URL: is required when REDIS_URL is set (several processes cannot share the embedded database folder)");
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  return {
    upstream: {
      khalti: e.KHALTI_TOKEN
        ? { baseUrl: e.KHALTI_BASE_URL ?? khaltiDefaultBaseUrl(e.KHALTI_TOKEN), token: e.KHALTI_TOKEN }
        : undefined,
      globaltopup:
        e.GLOBALTOPUP_TOKEN && e.GLOBALTOPUP_BASE_URL
          ? { baseUrl: e.GLOBALTOPUP_BASE_URL, token: e.GLOBALTOPUP_TOKEN }
          : undefined,
      lookupTimeoutMs: e.UPSTREAM_LOOKUP_TIMEOUT_MS,
      commitTimeoutMs: e.UPSTREAM_COMMIT_TIMEOUT_MS,
      routePriority: e.ISP_ROUTE_PRIORITY,
    },
    bot: {
      token: e.BOT_TOKEN,
      apiRoot: e.TELEGRAM_API_ROOT ?? "https://api.telegram.org",
      webhookUrl: e.WEBHOOK_URL,
      webhookSecret: e.WEBHOOK_SECRET,
      port: e.PORT,
      khaltiDlrPath: e.KHALTI_DLR_PATH ?? "/khalti/dlr",
      paymentProviderToken: e.PAYMENT_PROVIDER_TOKEN,
      idleSeconds: e.DIALOGUE_IDLE_SECONDS,
    },
    broadcast: {
      ratePerSecond: e.BROADCAST_RATE_PER_SECOND,
      allowPaid: e.BROADCAST_ALLOW_PAID,
      paidRatePerSecond: Math.max(e.BROADCAST_PAID_RATE_PER_SECOND, e.BROADCAST_RATE_PER_SECOND),
    },
    store: { draftRetentionDays: e.DRAFT_RETENTION_DAYS },
    agents: {
      cashInMaxPaisa: e.AGENT_CASHIN_MAX_RUPEES * 100,
      cashInDayPaisa: e.AGENT_CASHIN_DAILY_RUPEES * 100,
      payMaxPaisa: e.AGENT_PAY_MAX_RUPEES * 100,
      payDayPaisa: e.AGENT_PAY_DAILY_RUPEES * 100,
    },
    redis: e.REDIS_URL ? { url: e.REDIS_URL, prefix: e.REDIS_PREFIX ?? "renew:" } : undefined,
    money: {
      databaseUrl: e.DATABASE_URL,
      dataDir: e.DATA_DIR ?? "./data",
      reconcileDelaySeconds: e.RECONCILE_DELAY_SECONDS,
      reconcileMaxUnknown: e.RECONCILE_MAX_UNKNOWN,
      staleSubmittedSeconds: Math.ceil(e.UPSTREAM_COMMIT_TIMEOUT_MS / 1000) + 60,
    },
    adminIds: e.ADMIN_IDS,
    operatorUserId: e.OPERATOR_USER_ID ?? e.ADMIN_IDS[0],
    lowCreditWarnPaisa: e.LOW_CREDIT_WARN_RUPEES * 100,
    sandbox: { port: e.SANDBOX_PORT },
    logLevel: e.LOG_LEVEL ?? "info",
  };
}

/** The password of a `postgres://` or `redis://` URL (decoded), when it has one. */
function passwordOf(connectionUrl: string | undefined): string | undefined {
  if (!connectionUrl) return undefined;
  try {
    const password = new URL(connectionUrl).password;
    return password ? decodeURIComponent(password) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Every secret of the settings, for the logger and the money core to cut out of what they write:
 * the bot, payment-provider and aggregator tokens, the webhook secret, and the passwords in
 * `DATABASE_URL` and `REDIS_URL`.
 */
export function configuredSecrets(config: Config): string[] {
  return [
    config.bot.token,
    config.bot.paymentProviderToken,
    config.bot.webhookSecret,
    config.upstream.khalti?.token,
    config.upstream.globaltopup?.token,
    passwordOf(config.money.databaseUrl),
    passwordOf(config.redis?.url),
  ].filter((s): s is string => typeof s === "string" && s !== "");
}

/** What the local playground wires the bot to (see `playgroundConfig`). */
export interface PlaygroundWiring {
  /** The Bot API emulator: its address and the token it accepts. */
  botApi: { url: string; token: string };
  /** The built-in sandbox's two aggregators. */
  sandbox: { khalti: AggregatorSettings; globaltopup: AggregatorSettings };
  /** The playground's admin (added to the admins). */
  adminId: number;
}

/** In the playground, a commit gives up after at most this long (a timeout fault shows pending at once). */
export const PLAYGROUND_COMMIT_TIMEOUT_MS = 5_000;
/** In the playground, a pending payment is first asked about after this long (the sandbox is not Khalti). */
export const PLAYGROUND_RECONCILE_DELAY_SECONDS = 10;

/** The playground's own data folder, `<DATA_DIR>/playground` (its PGlite and its log). */
export function playgroundDataDir(config: Config): string {
  return `${config.money.dataDir.replace(/\/+$/, "")}/playground`;
}

/**
 * The settings of the local playground (`npm start` with no BOT_TOKEN), made from the loaded ones: the
 * bot talks to the Bot API emulator and pays the built-in sandbox (never a configured aggregator);
 * sessions and jobs stay in memory and money in PGlite under `<DATA_DIR>/playground`, whatever
 * `REDIS_URL` and `DATABASE_URL` say; the playground's admin joins `ADMIN_IDS`; card top-ups are
 * offered (test invoices, paid in the page); and the waits are short so that a pending payment is
 * seen settling within seconds. The web page listens on `PORT`.
 */
export function playgroundConfig(config: Config, w: PlaygroundWiring): Config {
  const commitTimeoutMs = Math.min(config.upstream.commitTimeoutMs, PLAYGROUND_COMMIT_TIMEOUT_MS);
  return {
    ...config,
    bot: { ...config.bot, token: w.botApi.token, apiRoot: w.botApi.url, webhookUrl: undefined, webhookSecret: undefined, paymentProviderToken: "playground:test-payments" },
    redis: undefined,
    upstream: { ...config.upstream, khalti: w.sandbox.khalti, globaltopup: w.sandbox.globaltopup, commitTimeoutMs },
    money: {
      ...config.money,
      databaseUrl: undefined,
      dataDir: playgroundDataDir(config),
      reconcileDelaySeconds: PLAYGROUND_RECONCILE_DELAY_SECONDS,
      staleSubmittedSeconds: Math.ceil(commitTimeoutMs / 1000) + 60,
    },
    adminIds: [...new Set([...config.adminIds, w.adminId])],
  };
}

/**
 * Loads `./.env` into the environment when the file exists (variables already set win), as a
 * convenience for running locally from a copy of `.env.example`.
 */
export function loadDotEnv(path = ".env"): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

/** `loadConfig`, but a bad setting prints its readable message and ends the process (exit 1). */
export function loadConfigOrExit(env: Record<string, string | undefined> = process.env): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}
