/**
 * Agents: admins add and remove them (`/agent add|remove <user-id>`) and list them (`/agents`);
 * anyone may ask to become one (`/become_agent`, the shop name asked in
 * `conversations/become-agent.ts`), and admins approve or decline the request once. Each change
 * updates the user's command menu and tells them.
 */
import { type Api, Composer } from "grammy";
import { createConversation } from "@grammyjs/conversations";
import { becomeAgentConversation } from "../../../../conversations/become-agent.js";
import type { AgentRequest } from "../../../store/agents.js";
import { startOfNepalDay } from "../../../shared/nepal-time.js";
import { onData } from "../../codec.js";
import type { BotContext, BotDeps } from "../../context.js";
import { requireRole } from "../../roles.js";
import { expired, plain, render, type Screen } from "../../ui.js";
import { agentRequestButton } from "./callbacks.js";
import { refreshMenu, tell, tellText } from "./common.js";
import { agentsScreen, requestScreen, who } from "./screens.js";

/** Sends a new request to every admin, each in their language, with Approve and Decline. */
export async function sendRequestToAdmins(api: Api, deps: BotDeps, request: AgentRequest): Promise<void> {
  for (const adminId of deps.config.adminIds) await tell(api, deps, adminId, (ui) => requestScreen(ui, request));
}

/** The /agents screen: every active agent, float and today's payments for customers (Nepal time). */
export async function agentsList(deps: BotDeps, ctx: BotContext): Promise<Screen> {
  const { money } = deps.services;
  const agents = await deps.agents.list();
  const [names, volume, floats] = await Promise.all([
    deps.admin.names.ofMany(agents.map((a) => a.userId)),
    money.floatVolume(startOfNepalDay()),
    Promise.all(agents.map((a) => money.balance(a.userId, "float"))),
  ]);
  return agentsScreen(
    ctx.ui,
    agents.map((agent, i) => ({
      agent,
      name: names.get(agent.userId),
      floatPaisa: floats[i]!.balancePaisa,
      today: volume.get(agent.userId) ?? { count: 0, volumePaisa: 0 },
    })),
  );
}

/** /agent, /agents, /become_agent (with its dialogue) and the decision on a request (`ar`). */
export function agentsPart(deps: BotDeps): Composer<BotContext> {
  const { agents, logger } = deps;
  const c = new Composer<BotContext>();
  c.use(createConversation(becomeAgentConversation(deps), { id: "becomeAgent" }));
  const adminOnly = requireRole(["admin"], logger);

  c.command("agent", adminOnly, async (ctx) => {
    const m = /^(add|remove)\s+(\d{1,15})$/i.exec(ctx.match.trim());
    if (!m) return void (await ctx.reply(plain(ctx.ui, ctx.ui.t("admin-agent-usage")).text));
    const add = m[1]!.toLowerCase() === "add";
    const userId = Number(m[2]);
    const by = `admin:${ctx.from!.id}`;
    const changed = add ? await agents.add(userId, by) : await agents.remove(userId, by);
    const name = await deps.admin.names.of(userId);
    const key = add ? (changed ? "admin-agent-added" : "admin-agent-already") : changed ? "admin-agent-removed" : "admin-agent-not-agent";
    await ctx.reply(plain(ctx.ui, ctx.ui.t(key, { user: who(userId, name) })).text);
    if (!changed) return;
    logger.info({ admin: ctx.from!.id, user: userId, add }, add ? "agent added" : "agent removed");
    await refreshMenu(ctx.api, deps, userId);
    await tellText(ctx.api, deps, userId, add ? "agent-you-are-agent" : "agent-you-are-removed");
  });

  c.command("agents", adminOnly, async (ctx) => render(ctx, await agentsList(deps, ctx), "send"));

  c.command("become_agent", async (ctx) => {
    const userId = ctx.from!.id;
    const say = (key: string) => ctx.reply(plain(ctx.ui, ctx.ui.t(key)).text);
    if ((await ctx.role()) === "agent") return void (await say("agent-already-you"));
    if (deps.config.adminIds.length === 0) return void (await say("agent-requests-closed"));
    if (await agents.openRequestOf(userId)) return void (await say("agent-request-waiting"));
    await ctx.conversation.exitAll();
    ctx.session.ispFilterOpen = false;
    await ctx.conversation.enter("becomeAgent");
  });

  // Only admins' presses reach the decision; it is made once, whoever presses first.
  c.callbackQuery(/^ar(:|$)/, adminOnly);
  onData(c, agentRequestButton, async (ctx, { approve, id }) => {
    const decided = await agents.decide(id, approve, `admin:${ctx.from.id}`);
    if (!decided) {
      const request = await agents.requestById(id);
      if (!request) return expired(ctx);
      await ctx.answerCallbackQuery({ text: ctx.ui.t("admin-request-decided", { state: request.state }) });
      return void (await ctx.editMessageReplyMarkup().catch(() => {}));
    }
    await ctx.answerCallbackQuery();
    logger.info({ admin: ctx.from.id, request: id, user: decided.userId, approve }, "agent request decided");
    const user = who(decided.userId, decided.firstName);
    await render(ctx, plain(ctx.ui, ctx.ui.t(approve ? "admin-request-approved" : "admin-request-declined", { id, user, shop: decided.shopName })));
    if (approve) await refreshMenu(ctx.api, deps, decided.userId);
    await tellText(ctx.api, deps, decided.userId, approve ? "agent-request-approved" : "agent-request-declined", { shop: decided.shopName });
  });
  return c;
}
