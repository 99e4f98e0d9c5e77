/**
 * `npm start` as a child process (`node --import tsx src/main.ts`, as `npm start` runs it): with no
 * BOT_TOKEN it opens the playground and prints one line, its address, and the real bot answers in it;
 * with BOT_TOKEN set, nothing of the playground starts.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { type FakeBotApi, startFakeBotApi } from "../src/playground/bot-api.js";
import { CAST } from "../src/playground/people.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A port nothing listens on (the kernel's pick, released at once). */
async function freePort(): Promise<number> {
  const s = createServer().listen(0, "127.0.0.1");
  await once(s, "listening");
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** Runs `npm start`'s entry with only `env` (and PATH, HOME) set; collects its stdout. */
function start(env: Record<string, string>): { child: ChildProcess; dataDir: string; stdout: () => string; exited: Promise<number | null> } {
  const dataDir = mkdtempSync(join(tmpdir(), "renew-start-"));
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", DATA_DIR: dataDir, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => process.stderr.write(c));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  cleanups.push(async () => {
    if (child.exitCode === null) {
      child.kill("SIGKILL");
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });
  return { child, dataDir, stdout: () => out, exited };
}

async function until<T>(read: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("npm start", () => {
  it("with no BOT_TOKEN: the playground, one line on stdout (its address), the real bot answering in it", async () => {
    const port = await freePort();
    const run = start({ PORT: String(port) });
    const line = await until(() => {
      if (run.child.exitCode !== null) throw new Error(`npm start ended (exit ${run.child.exitCode}) before printing an address`);
      return run.stdout().includes("\n") ? run.stdout() : undefined;
    }, "the address", 110_000);
    expect(line).toBe(`http://localhost:${port}\n`);
    const base = `http://127.0.0.1:${port}`;
    expect(await (await fetch(`${base}/`)).text()).toContain('<script src="/app.js" defer></script>');
    const sent = await fetch(`${base}/api/chats/${CAST.customer.id}/send`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text: "/start" }) });
    expect(sent.status).toBe(200);
    await until(
      async () => {
        const chat = (await (await fetch(`${base}/api/chats/${CAST.customer.id}`)).json()) as { messages: Array<{ message: { text?: string } }> };
        return chat.messages.some((m) => m.message.text?.includes("Namaste, Sita")) ? true : undefined;
      },
      "the bot's welcome",
      15_000,
    );
    // Another site's page may not act in the playground.
    const forged = await fetch(`${base}/api/chats/${CAST.customer.id}/send`, { method: "POST", headers: { "content-type": "application/json", origin: "https://evil.example" }, body: "{\"text\":\"/start\"}" });
    expect(forged.status).toBe(403);
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toBe(`http://localhost:${port}\n`);
    // Its money and its log in a folder of its own.
    expect(existsSync(join(run.dataDir, "playground", "sandbox"))).toBe(true);
    expect(existsSync(join(run.dataDir, "playground", "bot.log"))).toBe(true);
    expect(existsSync(join(run.dataDir, "sandbox"))).toBe(false);
  }, 150_000);

  it("with BOT_TOKEN set: the bot polls Telegram (here the emulator) and nothing of the playground starts", async () => {
    const token = "123456:TEST-start-token-for-renew-bot";
    const fake: FakeBotApi = await startFakeBotApi({ token });
    cleanups.push(() => fake.close());
    const port = await freePort();
    const run = start({ BOT_TOKEN: token, TELEGRAM_API_ROOT: fake.url, PORT: String(port), LOG_LEVEL: "silent" });
    await fake.waitForCall((c) => c.method === "deleteWebhook", { timeoutMs: 110_000 });
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toBe("");
    expect(existsSync(join(run.dataDir, "sandbox"))).toBe(true);
    expect(existsSync(join(run.dataDir, "playground"))).toBe(false);
  }, 150_000);
});
