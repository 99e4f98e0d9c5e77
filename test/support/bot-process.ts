/**
 * The bot as a real child process, started as `npm start` starts it (`node --import tsx
 * src/main.ts`), in webhook mode (so several can run at once without polling), against our Bot API
 * emulator, a sandbox, Redis (optional) and a PostgreSQL schema. Used by the broadcast tests and the
 * broadcast benchmark.
 */
import { type ChildProcess, spawn } from "node:child_process";

/** A running bot process: its log lines so far, and ways to end it. */
export interface BotProcess {
  child: ChildProcess;
  /** Everything it wrote (JSON log lines). */
  output(): string;
  /** SIGKILL: no clean-up at all. */
  kill(): Promise<void>;
  /** SIGTERM: the bot stops as in production (updates in hand, jobs, connections). */
  stop(): Promise<void>;
}

/** Connection string of a PostgreSQL schema (as `search_path`). */
export function schemaUrl(databaseUrl: string, schema: string): string {
  return `${databaseUrl}${databaseUrl.includes("?") ? "&" : "?"}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

/** Starts `src/main.ts` with `env` (plus PATH and HOME); webhook mode on a port of its own. */
export function startBotProcess(env: Record<string, string>): BotProcess {
  const port = 20_000 + Math.floor(Math.random() * 30_000);
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      WEBHOOK_URL: "https://bot.example.test/hook",
      WEBHOOK_SECRET: "process-secret-0123456789abcdef0123456789",
      PORT: String(port),
      LOG_LEVEL: "info",
      NODE_ENV: "test",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    child,
    output: () => out,
    async kill() {
      child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** The number of messages a stopped process says it sent for broadcasts (its log at SIGTERM). */
export function sentBy(p: BotProcess): number {
  const line = p.output().split("\n").find((l) => l.includes("broadcast messages sent by this process"));
  return line ? (JSON.parse(line) as { sent: number }).sent : 0;
}
