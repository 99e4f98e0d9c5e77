/**
 * `npm start`: settings → services → bot → long polling (default) or webhook (`WEBHOOK_URL`).
 * With no aggregator token, the bot runs against the built-in sandbox and says so on every screen.
 * With no `BOT_TOKEN`, it opens the local playground instead (`src/playground/`): the same bot against
 * the built-in Bot API emulator and sandbox, in a web page; it prints one line, the page's address,
 * and logs to `<DATA_DIR>/playground/bot.log`.
 */
import pino from "pino";
import { type Config, configuredSecrets, loadConfigOrExit, loadDotEnv, playgroundDataDir } from "./config.js";
import { createApp } from "./bot/app.js";
import { createLogger } from "./log.js";
import { type Sandbox, startSandbox } from "./sandbox/server.js";

loadDotEnv();
const config = loadConfigOrExit();
const secrets = configuredSecrets(config);

/** The bot on Telegram (BOT_TOKEN set); resolves to how to stop it. */
async function startBot(config: Config) {
  const logger = createLogger(config.logLevel, secrets);
  let sandbox: Sandbox | undefined;
  if (!config.upstream.khalti && !config.upstream.globaltopup) {
    sandbox = await startSandbox({ port: 0 });
    config.upstream.khalti = { baseUrl: sandbox.khaltiBaseUrl, token: sandbox.khaltiToken };
    config.upstream.globaltopup = { baseUrl: sandbox.globaltopupBaseUrl, token: sandbox.globaltopupToken };
    logger.warn({ url: sandbox.url }, "no aggregator token set: running against the built-in sandbox (no real money)");
  }
  const app = await createApp({ config, logger, sandbox: sandbox !== undefined });
  if (config.bot.webhookUrl) await app.startWebhook();
  else await app.startPolling();
  return {
    logger,
    async stop() {
      await app.stop();
      await sandbox?.close();
    },
  };
}

/** The local playground (no BOT_TOKEN): prints its address, logs to a file in its data folder. */
async function startLocalPlayground(config: Config) {
  const logger = createLogger(config.logLevel, secrets, pino.destination({ dest: `${playgroundDataDir(config)}/bot.log`, mkdir: true, sync: true }));
  try {
    // Loaded only here: with BOT_TOKEN set, nothing of the playground is even imported.
    const { startPlayground } = await import("./playground/index.js");
    const playground = await startPlayground({ config, logger });
    process.stdout.write(`${playground.url}\n`);
    return { logger, stop: () => playground.close() };
  } catch (err) {
    logger.fatal({ err }, "the playground did not start");
    process.stderr.write(`The playground did not start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}

const running = config.bot.token ? await startBot(config) : await startLocalPlayground(config);
const { logger } = running;

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "shutting down: finishing updates in hand");
  try {
    await running.stop();
  } catch (err) {
    logger.error({ err }, "shutdown failed");
    process.exitCode = 1;
  }
  process.exit();
};
// A stray rejected promise is logged and the process goes on: payments in flight finish. An uncaught
// exception leaves the process in an unknown state: it is logged, the updates in hand finish, and the
// process exits. Money stays safe either way: a payment is recorded (and its money held) before its
// commit, and one left "submitted" by a dead process becomes pending and is asked about, never sent again.
process.on("unhandledRejection", (reason) => logger.error({ err: reason }, "unhandled rejection (the process goes on)"));
process.on("uncaughtException", (err) => {
  logger.fatal({ err }, "uncaught exception: stopping after the updates in hand");
  process.exitCode = 1;
  void shutdown("uncaughtException");
});
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
