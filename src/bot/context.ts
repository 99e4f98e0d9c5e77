/** The context type of the bot, and what each feature receives. */
import type { Context, SessionFlavor } from "grammy";
import type { ConversationFlavor } from "@grammyjs/conversations";
import type { I18n, I18nFlavor } from "@grammyjs/i18n";
import type { Logger } from "pino";
import type { Config } from "../config.js";
import type { Services } from "../services.js";
import type { Broadcaster } from "../broadcast/engine.js";
import type { AccountStore } from "../store/accounts.js";
import type { DraftStore } from "../store/drafts.js";
import type { Activity } from "./activity.js";
import type { AdminStore } from "../store/admin.js";
import type { AgentStore } from "../store/agents.js";
import type { CustomerStore } from "../store/customers.js";
import type { InvoiceStore } from "../store/invoices.js";
import type { RoleFlavor } from "./roles.js";
import type { TopUpCredits } from "./topup-credits.js";
import type { Locale, Ui } from "./ui.js";

/** Kept per chat (Redis or memory): small on purpose. */
export interface SessionData {
  /**
   * Set while the provider list is on screen: typed text filters it (`true`: a renewal's list;
   * "agent": an agent's list of providers to pay a customer's bill at).
   */
  ispFilterOpen?: boolean | "agent";
  /** The user's saved and recent providers, read when the list opens, reused while it is paged. */
  ispFavourites?: string[];
  /** @grammyjs/i18n keeps the chosen language here. */
  __language_code?: string;
  /**
   * The conversations plugin's state for this chat (slimmed), kept in the session so an update
   * costs one Redis read and one write, not two of each. Removed when the dialogue ends or idles.
   */
  convo?: unknown;
  /** The last few update ids handled in this chat: an update delivered again is dropped. */
  seen?: number[];
  /** A group chat was told once that the bot works in private chats only. */
  groupTold?: boolean;
  /** The user's first name as last recorded in the store (written again only when it changes). */
  knownName?: string;
}

/** The chat's translator, in its language as it stands at the moment of reading. */
export interface UiFlavor {
  readonly ui: Ui;
}

export type BaseContext = Context & SessionFlavor<SessionData> & I18nFlavor & UiFlavor & RoleFlavor;
export type BotContext = ConversationFlavor<BaseContext>;

export interface BotDeps {
  config: Config;
  services: Services;
  drafts: DraftStore;
  accounts: AccountStore;
  /** Agents and requests to become one. */
  agents: AgentStore;
  /** Admins' notices to many people: the store, queueing, pause, resume, cancel, sending. */
  broadcasts: Broadcaster;
  /** Users' names, credits waiting for confirmation, repeating warnings. */
  admin: AdminStore;
  /** The language another user's chat speaks (for messages the bot sends them unasked). */
  languageOf(userId: number): Promise<Locale>;
  /** Agents' saved customers, their confirmations, and receipts handed to customers. */
  customers: CustomerStore;
  /** Top-up invoices the bot issued. */
  invoices: InvoiceStore;
  /** Card top-ups credited once each, retried until they land. */
  topUps: TopUpCredits;
  i18n: I18n<BotContext>;
  /** A text in a language (`translator` in app.ts: the same .ftl files as the plugin). */
  t: (locale: string, key: string, args?: Record<string, string | number>) => string;
  activity: Activity;
  logger: Logger;
  /** Running against the built-in sandbox: every screen says so. */
  sandbox: boolean;
}
