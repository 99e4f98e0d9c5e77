/** What the admin feature's parts share: telling another user something, and their command menu. */
import type { Api } from "grammy";
import { setCommandsFor } from "../../commands.js";
import type { BotDeps } from "../../context.js";
import type { Role } from "../../roles.js";
import { type Args, makeUi, type Screen, type Ui } from "../../ui.js";

/** Tells `userId`, in their chat's language, the screen `make` builds; false (logged) when it cannot be sent. */
export async function tell(api: Api, deps: BotDeps, userId: number, make: (ui: Ui) => Screen): Promise<boolean> {
  const ui = makeUi(await deps.languageOf(userId), deps.t, deps.sandbox);
  const s = make(ui);
  try {
    await api.sendMessage(userId, s.text, { reply_markup: s.keyboard });
    return true;
  } catch (err) {
    deps.logger.warn({ err, user: userId }, "could not message user");
    return false;
  }
}

/** `tell` with one text. */
export const tellText = (api: Api, deps: BotDeps, userId: number, key: string, args?: Args) =>
  tell(api, deps, userId, (ui) => ({ text: ui.frame(ui.t(key, args)) }));

/** The role whose command menu a user should have now. */
export async function roleOf(deps: BotDeps, userId: number): Promise<Role> {
  if (deps.config.adminIds.includes(userId)) return "admin";
  return (await deps.agents.isAgent(userId)) ? "agent" : "customer";
}

/** Sets a user's command menu to their role now (a failure is logged: their menu is a convenience). */
export async function refreshMenu(api: Api, deps: BotDeps, userId: number): Promise<void> {
  const role = await roleOf(deps, userId);
  await setCommandsFor(api, deps, userId, role).catch((err) => deps.logger.warn({ err, user: userId, role }, "command menu not updated"));
}
