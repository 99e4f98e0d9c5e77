/**
 * Broadcasts (admins): /broadcast → the notice (`conversations/broadcast.ts`) → its audience → a
 * preview exactly as it will arrive, with the number of recipients (and, when allowed, the paid
 * option's cost) → send or cancel → one progress message with Pause, Resume and Cancel. Every
 * command and button checks the role at the moment of use; a draft's buttons work only for the admin
 * who wrote it. Under a notice about an ISP, its customers can mute that ISP's notices (`mu`).
 *
 * Also `knownUsers`: the people the bot has seen (the audience "everyone").
 */
import { type CallbackQueryContext, Composer, GrammyError, type Middleware } from "grammy";
import { createConversation } from "@grammyjs/conversations";
import { broadcastConversation } from "../../../../conversations/broadcast.js";
import { sendNotice } from "../../../broadcast/send.js";
import type { Audience, Broadcast } from "../../../broadcast/store.js";
import { onData } from "../../codec.js";
import type { BotContext, BotDeps } from "../../context.js";
import { requireRole } from "../../roles.js";
import { expired, plain, render } from "../../ui.js";
import { broadcastButton, type BroadcastStep, muteButton } from "./callbacks.js";
import { audienceName, audienceScreen, confirmScreen, ispScreen, muteKeyboard, noticeFor, progressScreen } from "./screens.js";

/** How many users a process remembers having recorded (then it starts again). */
const KNOWN_MAX = 100_000;

const isStart = (text: string | undefined) => text !== undefined && /^\/start(@\w+)?(\s|$)/.test(text);

/**
 * Records the people the bot sees in private chats (`bot_users`): one statement per user per
 * process, and on every /start (which also makes a user who had blocked the bot reachable again).
 * A failure is logged and the update goes on.
 */
export function knownUsers(deps: Pick<BotDeps, "broadcasts" | "logger">): Middleware<BotContext> {
  const known = new Set<number>();
  return async (ctx, next) => {
    const from = ctx.from;
    if (from && !from.is_bot && ctx.chat?.type === "private" && (!known.has(from.id) || isStart(ctx.message?.text))) {
      // Recorded while the update is handled (the answer does not wait for it), finished before the update ends.
      const recorded = deps.broadcasts.store.seen(from.id).then(
        () => {
          if (known.size >= KNOWN_MAX) known.clear();
          known.add(from.id);
        },
        (err: unknown) => deps.logger.warn({ err, user: from.id }, "user not recorded for broadcasts"),
      );
      try {
        await next();
      } finally {
        await recorded;
      }
      return;
    }
    await next();
  };
}

/** The admin's view of a broadcast's progress, now (after a button). */
export async function showProgress(deps: BotDeps, ctx: BotContext, b: Broadcast): Promise<void> {
  const { store, settings } = deps.broadcasts;
  const name = (id: string) => deps.services.upstream.isp(id)?.name ?? id;
  const s = progressScreen(ctx.ui, b, await store.counts(b.id), audienceName(ctx.ui, b.audience, name), settings);
  await store.progressShown(b.id);
  await render(ctx, s, "edit");
}

export function broadcastFeature(deps: BotDeps): Composer<BotContext> {
  const { store, settings } = deps.broadcasts;
  const admin = requireRole(["admin"], deps.logger);
  const ispName = (id: string) => deps.services.upstream.isp(id)?.name ?? id;
  const c = new Composer<BotContext>();

  /** The audience choice, with the size of each audience now. */
  const chooseAudience = async (ctx: BotContext, b: Broadcast, how: "edit" | "send") => {
    const [all, agents] = await Promise.all([store.audienceSize({ kind: "all" }), store.audienceSize({ kind: "agents" })]);
    await render(ctx, audienceScreen(ctx.ui, b.id, { all, agents }), how);
  };

  /** The confirmation under the preview (edited in place when only the paid option changed). */
  const confirmation = async (ctx: BotContext, b: Broadcast, how: "edit" | "send") => {
    const people = await store.audienceSize(b.audience!);
    await render(ctx, confirmScreen(ctx.ui, b, people, audienceName(ctx.ui, b.audience, ispName), settings), how);
  };

  /** Addresses the draft, then the preview exactly as it will arrive, and the confirmation under it. */
  const preview = async (ctx: CallbackQueryContext<BotContext>, id: number, audience: Audience) => {
    const b = await store.address(id, ctx.from.id, audience);
    if (!b) return expired(ctx);
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup().catch(() => {});
    await sendNotice(ctx.api, ctx.chatId!, noticeFor(ctx.ui, b, ispName), false);
    await confirmation(ctx, b, "send");
  };

  /** A draft's buttons: only its writer's, only while it is a draft. */
  const onDraft = async (ctx: CallbackQueryContext<BotContext>, id: number, step: BroadcastStep) => {
    const b = await store.draft(id, ctx.from.id);
    if (!b) return expired(ctx);
    switch (step.verb) {
      case "all":
      case "agents":
        return preview(ctx, id, { kind: step.verb });
      case "isps": {
        await ctx.answerCallbackQuery();
        const isps = (await store.ispAudiences()).map((x) => ({ ...x, name: ispName(x.isp) }));
        return void (await render(ctx, ispScreen(ctx.ui, id, isps, step.page)));
      }
      case "isp": {
        // Only an ISP the list offered: one whose customers can be reached.
        if (!(await store.ispAudiences()).some((x) => x.isp === step.isp)) return expired(ctx);
        return preview(ctx, id, { kind: "isp", isp: step.isp });
      }
      case "back":
        await ctx.answerCallbackQuery();
        return chooseAudience(ctx, b, "edit");
      case "paid": {
        if (!settings.allowPaid || !b.audience) return expired(ctx);
        const changed = await store.setPaid(id, ctx.from.id, !b.paid);
        if (!changed) return expired(ctx);
        await ctx.answerCallbackQuery();
        return confirmation(ctx, changed, "edit");
      }
      case "drop":
        await store.drop(id, ctx.from.id);
        await ctx.answerCallbackQuery();
        return void (await render(ctx, plain(ctx.ui, ctx.ui.t("bc-dropped"))));
      case "go": {
        if (!b.audience || (b.paid && !settings.allowPaid)) return expired(ctx);
        const started = await store.start(id, ctx.from.id, ctx.callbackQuery.message!.message_id);
        if (!started) return expired(ctx);
        await ctx.answerCallbackQuery({ text: ctx.ui.t("bc-started") });
        deps.logger.info({ broadcast: id, admin: ctx.from.id, recipients: started.total, audience: started.audience, paid: started.paid }, "broadcast started");
        await showProgress(deps, ctx, started);
        // Queued after the progress message is up; should this fail, the upkeep queues them later.
        await deps.broadcasts.enqueue(started).catch((err) => deps.logger.error({ err, broadcast: id }, "broadcast not queued yet"));
        return;
      }
      default:
        return expired(ctx);
    }
  };

  /** A running broadcast's buttons: any admin. */
  const onRunning = async (ctx: CallbackQueryContext<BotContext>, id: number, verb: "pause" | "resume" | "stop") => {
    const { broadcasts } = deps;
    let b: Broadcast | undefined;
    if (verb === "stop") {
      const current = await store.get(id);
      if (!current || (current.state !== "sending" && current.state !== "paused")) return expired(ctx);
      if (!(await store.confirmCancel(id))) return void (await ctx.answerCallbackQuery({ text: ctx.ui.t("bc-cancel-again"), show_alert: true }));
      b = await broadcasts.cancel(id);
    } else {
      b = verb === "pause" ? await broadcasts.pause(id) : await broadcasts.resume(id);
    }
    if (!b) return expired(ctx);
    deps.logger.info({ broadcast: id, admin: ctx.from.id, action: verb }, "broadcast changed");
    await ctx.answerCallbackQuery({ text: ctx.ui.t(verb === "pause" ? "bc-paused" : verb === "resume" ? "bc-resumed" : "bc-cancelled") });
    await showProgress(deps, ctx, b);
  };

  c.use(createConversation(broadcastConversation(deps, (ctx, draft) => chooseAudience(ctx, draft, "send")), { id: "broadcast" }));
  c.command("broadcast", admin, async (ctx) => {
    await ctx.conversation.exitAll();
    await ctx.conversation.enter("broadcast");
  });

  const buttons = new Composer<BotContext>();
  onData(buttons, broadcastButton, async (ctx, { id, step }) => {
    if (step.verb === "pause" || step.verb === "resume" || step.verb === "stop") return onRunning(ctx, id, step.verb);
    return onDraft(ctx, id, step);
  });
  c.callbackQuery(new RegExp(`^${broadcastButton.prefix}(:|$)`), admin, buttons);

  // A customer's mute under a notice: only a recipient of that broadcast, only for its ISP.
  onData(c, muteButton, async (ctx, { id, mute }) => {
    const b = await store.get(id);
    if (!b || b.audience?.kind !== "isp" || !(await store.isRecipient(id, ctx.from.id))) return expired(ctx);
    const isp = ispName(b.audience.isp);
    await store.setMuted(ctx.from.id, b.audience.isp, mute);
    deps.logger.info({ user: ctx.from.id, isp: b.audience.isp, mute }, "broadcast mute");
    await ctx.answerCallbackQuery({ text: ctx.ui.t(mute ? "bc-muted" : "bc-unmuted", { isp }) });
    await ctx.editMessageReplyMarkup({ reply_markup: muteKeyboard(ctx.ui, id, isp, mute) }).catch((err) => {
      if (!(err instanceof GrammyError)) throw err;
    });
  });
  return c;
}
