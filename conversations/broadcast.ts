/**
 * Writing a notice (/broadcast, admins): asks for its text, or a photo with a caption, re-asking
 * while the message is neither or too long. The notice is then a draft in the database and the
 * rest (audience, preview, send) is buttons on it, outside this conversation.
 */
import type { Context } from "grammy";
import type { Message, MessageEntity } from "grammy/types";
import type { BotContext, BotDeps } from "../src/bot/context.js";
import type { Broadcast } from "../src/broadcast/store.js";
import { NOTICE_LIMITS } from "../src/bot/features/broadcast/screens.js";
import { type Convo, idleMs, uiFor } from "./steps.js";

/** A notice as the admin sent it. */
interface Written {
  text: string;
  entities?: MessageEntity[];
  photo?: string;
}

/** The notice in a message: text, or the largest size of a photo with its caption; `undefined` otherwise or when too long. */
export function noticeOf(m: Message): Written | undefined {
  if (m.photo && m.photo.length > 0) {
    const caption = m.caption ?? "";
    if (caption.length > NOTICE_LIMITS.caption) return undefined;
    return { text: caption, photo: m.photo[m.photo.length - 1]!.file_id, ...(m.caption_entities ? { entities: m.caption_entities } : {}) };
  }
  if (typeof m.text === "string" && m.text.trim().length > 0 && m.text.length <= NOTICE_LIMITS.text) {
    return { text: m.text, ...(m.entities ? { entities: m.entities } : {}) };
  }
  return undefined;
}

/**
 * The dialogue; `next(ctx, draft)` shows the audience choice. The draft is made only while the
 * writer is still an admin.
 */
export function broadcastConversation(deps: BotDeps, next: (ctx: BotContext, draft: Broadcast) => Promise<void>) {
  return async function broadcast(conversation: Convo, _ctx: Context): Promise<void> {
    const ui = await uiFor(conversation, deps);
    await conversation.external(async (octx) => {
      await deps.activity.touch(octx.chatId!);
      await octx.reply(ui.frame(ui.t("bc-ask")));
    });
    // Commands pass on (/cancel, /start); anything else that is not a notice is asked again.
    const answer = await conversation
      .waitUntil((c) => c.message !== undefined && !c.message.text?.startsWith("/"), { next: true, maxMilliseconds: idleMs(deps) })
      .and((c) => noticeOf(c.message!) !== undefined, {
        otherwise: (c) => c.reply(ui.t("bc-bad-notice", { text: NOTICE_LIMITS.text, caption: NOTICE_LIMITS.caption })),
      });
    const written = noticeOf(answer.message!)!;
    await conversation.external(async (octx) => {
      await deps.activity.clear(octx.chatId!);
      if ((await octx.role()) !== "admin") {
        deps.logger.warn({ user: octx.from?.id }, "refused: role (a notice from someone no longer an admin)");
        await octx.reply(ui.t("not-allowed"));
        return;
      }
      const draft = await deps.broadcasts.store.createDraft({ createdBy: octx.from!.id, chatId: octx.chatId!, ...written });
      await next(octx, draft);
    });
  };
}
