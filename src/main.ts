/**
 * `npm start`: settings → services → bot → long polling (default) or webhook (`WEBHOOK_URL`).
 * With no aggregator token, the bot runs against the built-in sandbox and says so on every screen.
 */
import { configuredSecrets, loadConfigOrExit, loadDotEnv } from "./config.js";
import { createApp } from "./bot/app.js";
import { createLogger } from "./log.js";
import { type Sandbox, startSandbox } from "./sandbox/server.js";

loadDotEnv();
const config = loadConfigOrExit();
if (!config.bot.token) {
  process.stderr.write(
    "BOT_TOKEN is not set: create a bot with @BotFather in Telegram (https://t.me/BotFather), then set BOT_TOKEN=<the token it gives you> (see .env.example).\n",
  );
  process.exit(1);
}
const logger = createLogger(config.logLevel, configuredSecrets(config));

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

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "shutting down: finishing updates in hand");
  try {
    await app.stop();
    await sandbox?.close();
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
