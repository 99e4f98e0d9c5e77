/**
 * The command menus Telegram shows, one per role, in English and Nepali: customers get the default
 * list; each admin and each agent gets theirs in a `chat` scope (their private chat), set at start and
 * again whenever an agent is added or removed.
 */
import type { Api } from "grammy";
import type { BotDeps } from "./context.js";
import type { Role } from "./roles.js";

/** Each role's commands, in menu order (descriptions are `cmd-<command>` in the locales). */
export const COMMANDS: Record<Role, readonly string[]> = {
  customer: ["start", "renew", "accounts", "wallet", "history", "language", "help", "cancel", "become_agent"],
  agent: ["start", "renew", "cashin", "statement", "wallet", "history", "language", "help", "cancel"],
  admin: ["start", "pending", "stats", "find", "agents", "agent", "credit", "commission", "broadcast", "renew", "language", "cancel"],
};

const LOCALES = ["en", "ne"] as const;

/** The default menu (customers) in both languages. */
export async function setDefaultCommands(api: Api, deps: BotDeps): Promise<void> {
  for (const locale of LOCALES) {
    const commands = COMMANDS.customer.map((command) => ({ command, description: deps.t(locale, `cmd-${command}`) }));
    await api.setMyCommands(commands, locale === "en" ? {} : { language_code: locale });
  }
}

/** A user's own menu for `role` (a customer's own menu is removed, so the default applies). */
export async function setCommandsFor(api: Api, deps: BotDeps, userId: number, role: Role): Promise<void> {
  const scope = { type: "chat" as const, chat_id: userId };
  for (const locale of LOCALES) {
    const language = locale === "en" ? {} : { language_code: locale };
    if (role === "customer") await api.deleteMyCommands({ scope, ...language });
    else await api.setMyCommands(COMMANDS[role].map((command) => ({ command, description: deps.t(locale, `cmd-${command}`) })), { scope, ...language });
  }
}

/** Every menu: the default one, each admin's and each active agent's. */
export async function registerCommands(api: Api, deps: BotDeps): Promise<void> {
  await setDefaultCommands(api, deps);
  for (const id of deps.config.adminIds) await setCommandsFor(api, deps, id, "admin");
  for (const agent of await deps.agents.list()) {
    if (!deps.config.adminIds.includes(agent.userId)) await setCommandsFor(api, deps, agent.userId, "agent");
  }
}
