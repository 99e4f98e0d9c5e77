/**
 * The local playground (`npm start` with no BOT_TOKEN): the real bot, built by the same `createApp`
 * as in production, long-polling the Bot API emulator, paying the built-in sandbox aggregators, with
 * memory sessions and PGlite in a data folder of its own; and a web page on `PORT` that is the
 * Telegram client, where the visitor acts as a customer, the agent or the admin.
 */
import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import { type App, createApp } from "../bot/app.js";
import { type Config, playgroundConfig } from "../config.js";
import type { JobIntervals } from "../jobs/index.js";
import { type Sandbox, startSandbox } from "../sandbox/server.js";
import { BOT_USER, type FakeBotApi, startFakeBotApi } from "./bot-api.js";
import { AGENT_SHOP, CAST, People } from "./people.js";
import { createPlaygroundServer, type PlaygroundServer } from "./server.js";

/** How to start the playground. */
export interface PlaygroundOptions {
  /** The settings as loaded (no BOT_TOKEN); the playground's own are made from them (`playgroundConfig`). */
  config: Config;
  logger: Logger;
  /** The page's port (default `PORT`; 0 picks a free one). */
  port?: number;
  /** How often the background jobs run (default: every 2 s, so pending payments are seen settling). */
  jobIntervals?: JobIntervals;
}

/** A running playground. */
export interface Playground {
  /** The page's address, `http://localhost:<port>`. */
  url: string;
  app: App;
  fake: FakeBotApi;
  sandbox: Sandbox;
  people: People;
  close(): Promise<void>;
}

/** The Bot API calls the emulator keeps for inspection (the playground runs for hours). */
const KEEP_CALLS = 500;

/** Starts the sandbox, the emulator, the bot and the page; everything started is stopped again if a step fails. */
export async function startPlayground(opts: PlaygroundOptions): Promise<Playground> {
  const stops: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  };
  try {
    const sandbox = await startSandbox({ port: 0 });
    stops.push(() => sandbox.close());
    const fake = await startFakeBotApi({ token: `${BOT_USER.id}:playground-${randomBytes(16).toString("hex")}`, keepCalls: KEEP_CALLS });
    stops.push(() => fake.close());
    const config = playgroundConfig(opts.config, {
      botApi: { url: fake.url, token: fake.token },
      sandbox: {
        khalti: { baseUrl: sandbox.khaltiBaseUrl, token: sandbox.khaltiToken },
        globaltopup: { baseUrl: sandbox.globaltopupBaseUrl, token: sandbox.globaltopupToken },
      },
      adminId: CAST.admin.id,
    });
    const people = new People();
    for (const p of people.all()) fake.user(p.id, { firstName: p.firstName });

    const app = await createApp({
      config,
      logger: opts.logger,
      sandbox: true,
      jobIntervals: opts.jobIntervals ?? { reconcileMs: 2_000, notifyMs: 2_000 },
    });
    stops.push(() => app.stop());
    await app.startPolling();
    await app.deps.agents.add(CAST.agent.id, "playground", AGENT_SHOP);

    const web: PlaygroundServer = createPlaygroundServer({ fake, sandbox, people, commitTimeoutMs: config.upstream.commitTimeoutMs });
    const port = await listen(web, opts.port ?? opts.config.bot.port);
    stops.push(() => web.close());
    return { url: `http://localhost:${port}`, app, fake, sandbox, people, close };
  } catch (err) {
    await close().catch(() => {});
    throw err;
  }
}

/** Listens on the loopback address; a port in use is said plainly. */
function listen(web: PlaygroundServer, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    web.server.once("error", (err: NodeJS.ErrnoException) =>
      reject(err.code === "EADDRINUSE" ? new Error(`port ${port} is in use: set PORT to a free one (e.g. PORT=8090 npm start)`) : err),
    );
    web.server.listen(port, "127.0.0.1", () => resolve((web.server.address() as { port: number }).port));
  });
}
