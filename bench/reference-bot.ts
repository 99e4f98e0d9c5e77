/**
 * The benchmark's yardstick: the same renewal the benchmark drives, written the way the "hand-written
 * grammY" reference bot of ../shared/PERFORMANCE-NOTES.md is described: a state machine in a Redis
 * session, no conversations plugin. `npm run bench -- --bots renew,reference` runs it under the same
 * driver, on the same machine and in the same run as renew-bot, so the aims stated as ratios
 * (throughput within 10%, p99 within 1.2×) can be checked here.
 *
 * It is a yardstick, not a product: English only, no money ledger (the aggregator's commit is the
 * payment), no drafts, no flood limit, no idle sweep. It reuses renew-bot's settings, upstream layer
 * (HTTP, zod validation) and runner/webhook setup, so what differs is the bot's own work.
 *
 * With REFERENCE_LEDGER=1 (`--bots reference-ledger`) it pays through renew-bot's money core instead
 * (`money.pay`: reservation, commit, outcome, in the same PostgreSQL), so the benchmark can tell how
 * much of the difference between the two bots is the ledger the money rules require.
 */
import { createServer } from "node:http";
import { Bot, InlineKeyboard, session, webhookCallback, type Context, type SessionFlavor } from "grammy";
import { run, sequentialize } from "@grammyjs/runner";
import { RedisAdapter } from "@grammyjs/storage-redis";
import { Redis } from "ioredis";
import { loadConfigOrExit } from "../src/config.js";
import { formatRupees } from "../src/shared/amount.js";
import { createUpstream, newReference, type Lookup } from "../src/providers/index.js";
import { openDatabase as openDb } from "../src/services.js";
import { createMoney } from "../src/money/index.js";

interface State {
  step?: "isp" | "account" | "option" | "confirm";
  page?: number;
  isp?: string;
  /** The lookup, kept whole: commit needs it. */
  lookup?: Lookup;
  option?: number;
}
type Ctx = Context & SessionFlavor<State>;

const config = loadConfigOrExit();
const upstream = createUpstream(config.upstream);
const redis = new Redis(config.redis!.url);
const bot = new Bot<Ctx>(config.bot.token!, { client: { apiRoot: config.bot.apiRoot } });
const catalog = upstream.catalog;
const PAGE = 10;
let receipts = 0;
const money = process.env.REFERENCE_LEDGER
  ? createMoney({
      db: await openDb({ databaseUrl: config.money.databaseUrl }),
      upstream,
      reconcileDelaySeconds: config.money.reconcileDelaySeconds,
      staleSubmittedSeconds: config.money.staleSubmittedSeconds,
    })
  : undefined;

const menu = () => new InlineKeyboard().text("🌐 Renew internet", "renew").row().text("📒 My accounts", "accounts").text("👛 Wallet", "wallet");
function ispPage(page: number) {
  const pages = Math.ceil(catalog.length / PAGE);
  const kb = new InlineKeyboard();
  catalog.slice(page * PAGE, (page + 1) * PAGE).forEach((isp, n) => {
    kb.text(isp.name, `isp:${isp.id}`);
    if (n % 2 === 1) kb.row();
  });
  kb.row().text("◀️", `pg:${(page - 1 + pages) % pages}`).text(`${page + 1}/${pages}`, `pg:${page}`).text("▶️", `pg:${(page + 1) % pages}`);
  return kb;
}

bot.use(sequentialize((ctx) => ctx.chatId?.toString()));
bot.use(
  session<State, Ctx>({
    initial: () => ({}),
    storage: new RedisAdapter<State>({ instance: redis, ttl: 3600 }),
    getSessionKey: (ctx) => (ctx.chatId === undefined ? undefined : `${config.redis!.prefix}ref:${ctx.chatId}`),
  }),
);

bot.command("start", async (ctx) => {
  ctx.session = {};
  await ctx.reply("What would you like to do?", { reply_markup: menu() });
});
bot.callbackQuery("renew", async (ctx) => {
  await ctx.answerCallbackQuery();
  ctx.session = { step: "isp", page: 0 };
  await ctx.editMessageText("Choose your internet provider:", { reply_markup: ispPage(0) });
});
bot.callbackQuery(/^pg:(\d+)$/, async (ctx) => {
  await ctx.answerCallbackQuery();
  const page = Number(ctx.match[1]);
  if (ctx.session.step !== "isp" || page >= Math.ceil(catalog.length / PAGE)) return;
  ctx.session.page = page;
  await ctx.editMessageReplyMarkup({ reply_markup: ispPage(page) });
});
bot.callbackQuery(/^isp:(.+)$/, async (ctx) => {
  await ctx.answerCallbackQuery();
  const isp = upstream.isp(ctx.match[1]!);
  if (ctx.session.step !== "isp" || !isp) return;
  ctx.session = { step: "account", isp: isp.id };
  await ctx.editMessageText(`${isp.name}: type the username of the account to renew.`);
});
bot.on("message:text", async (ctx) => {
  if (ctx.session.step !== "account") return;
  await ctx.replyWithChatAction("typing");
  let lookup: Lookup;
  try {
    lookup = await upstream.lookup(ctx.session.isp!, ctx.message.text.trim());
  } catch (err) {
    await ctx.reply(`That did not work: ${(err as Error).message}. Type the username again.`);
    return;
  }
  ctx.session = { step: "option", isp: ctx.session.isp, lookup };
  const kb = new InlineKeyboard();
  lookup.options.slice(0, 8).forEach((o, i) => kb.text(`${o.label} · ${formatRupees(o.amountPaisa)}`, `opt:${i}`).row());
  const c = lookup.customer;
  await ctx.reply([`Name: ${c.name ?? "-"}`, `Plan: ${c.plan ?? "-"}`, `Status: ${c.status ?? "-"}`, "", "Choose what to pay:"].join("\n"), { reply_markup: kb });
});
bot.callbackQuery(/^opt:(\d+)$/, async (ctx) => {
  await ctx.answerCallbackQuery();
  const i = Number(ctx.match[1]);
  const option = ctx.session.lookup?.options[i];
  if (ctx.session.step !== "option" || !option) return;
  ctx.session.step = "confirm";
  ctx.session.option = i;
  await ctx.editMessageText(`Please confirm:\n${option.label}\nTotal: ${formatRupees(option.amountPaisa)}`, {
    reply_markup: new InlineKeyboard().text(`✅ Pay ${formatRupees(option.amountPaisa)}`, "pay").text("✖️ Cancel", "cancel"),
  });
});
bot.callbackQuery("pay", async (ctx) => {
  await ctx.answerCallbackQuery();
  const { lookup, option } = ctx.session;
  if (ctx.session.step !== "confirm" || !lookup || option === undefined) return;
  ctx.session = {};
  await ctx.editMessageText("⏳ Processing…");
  const o = lookup.options[option]!;
  if (money) {
    const { payment, receipt } = await money.pay({ key: newReference(), payerUserId: ctx.from.id, lookup, optionKey: o.key });
    if (payment.state !== "succeeded" || !receipt) {
      await ctx.reply(`Payment ${payment.state}: ${payment.upstreamMessage ?? "-"}`);
      return;
    }
    await ctx.reply(
      [`🧾 Receipt No. ${receipt.number}`, `Account: ${lookup.account}`, `Package: ${o.label}`, `Amount: ${formatRupees(o.amountPaisa)}`, `Transaction ID: ${payment.upstreamId ?? "-"}`].join("\n"),
    );
    return;
  }
  const outcome = await upstream.commit(lookup, o.key, newReference());
  if (outcome.state !== "success") {
    await ctx.reply(`Payment ${outcome.state}: ${outcome.message}`);
    return;
  }
  receipts += 1;
  await ctx.reply(
    [`🧾 Receipt No. ${receipts}`, `Account: ${lookup.account}`, `Package: ${o.label}`, `Amount: ${formatRupees(o.amountPaisa)}`, `Transaction ID: ${outcome.upstreamId ?? "-"}`].join(
      "\n",
    ),
  );
});
bot.callbackQuery("cancel", async (ctx) => {
  await ctx.answerCallbackQuery();
  ctx.session = {};
  await ctx.editMessageText("Cancelled.", { reply_markup: menu() });
});
bot.on("callback_query", (ctx) => ctx.answerCallbackQuery());
bot.catch((err) => process.stderr.write(`reference bot: ${String(err.error)}\n`));

await bot.init();
await bot.api.setMyCommands([{ command: "start", description: "Menu" }]);
if (config.bot.webhookUrl) {
  const handle = webhookCallback(bot, "http", { secretToken: config.bot.webhookSecret });
  const server = createServer((req, res) => void handle(req, res).catch(() => res.writeHead(500).end()));
  server.listen(config.bot.port);
  await bot.api.setWebhook(config.bot.webhookUrl, { secret_token: config.bot.webhookSecret });
  process.once("SIGTERM", () => server.close(() => (redis.disconnect(), process.exit())));
} else {
  await bot.api.deleteWebhook();
  const runner = run(bot, { runner: { fetch: { allowed_updates: ["message", "callback_query"] } } });
  process.once("SIGTERM", () => void runner.stop().then(() => (redis.disconnect(), process.exit())));
}
