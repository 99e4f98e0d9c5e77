/**
 * What broadcasts look like: the notice as a recipient gets it, the audience choice, the
 * confirmation under the preview (with the paid option's cost), the one progress message and the
 * final report.
 */
import { InlineKeyboard } from "grammy";
import type { BroadcastSettings } from "../../../config.js";
import type { Notice } from "../../../broadcast/send.js";
import { type Audience, type Broadcast, type Counts, RECENT_SECONDS } from "../../../broadcast/store.js";
import { type Screen, screen, type Ui } from "../../ui.js";
import { broadcastButton, type BroadcastStep, muteButton } from "./callbacks.js";

/** Longest notice we take: a text, and a photo's caption (Telegram's 4,096 and 1,024, less the sandbox banner). */
export const NOTICE_LIMITS = { text: 3900, caption: 900 } as const;

/** Messages per second Telegram sends free of charge; paid broadcasts pay for those above it. */
export const FREE_PER_SECOND = 30;

/** ISP buttons per page of the audience's ISP list. */
const ISPS_PER_PAGE = 10;

const data = (id: number, step: BroadcastStep) => broadcastButton.encode({ id, step });

/** A duration in words ("3 min 20 s"). */
export function duration(ui: Ui, seconds: number): string {
  const s = Math.max(1, Math.round(seconds));
  return ui.t("bc-duration", { h: Math.floor(s / 3600), m: Math.floor((s % 3600) / 60), s: s % 60 });
}

/** Who an audience is, in words. */
export function audienceName(ui: Ui, a: Audience | null, ispName: (id: string) => string): string {
  if (!a || a.kind === "all") return ui.t("bc-audience-all");
  return a.kind === "agents" ? ui.t("bc-audience-agents") : ui.t("bc-audience-isp", { isp: ispName(a.isp) });
}

/**
 * The notice as a recipient reads it: the admin's text or photo with its formatting (under the
 * sandbox banner when there is one), and for an ISP's customers a button to mute that ISP's notices.
 */
export function noticeFor(ui: Ui, b: Broadcast, ispName: (id: string) => string): Notice {
  const prefix = ui.banner ? `${ui.banner}\n\n` : "";
  const entities = b.entities?.map((e) => ({ ...e, offset: e.offset + prefix.length }));
  const keyboard =
    b.audience?.kind === "isp" ? new InlineKeyboard().text(ui.t("bc-mute", { isp: ispName(b.audience.isp) }), muteButton.encode({ id: b.id, mute: true })) : undefined;
  return { text: `${prefix}${b.text}`, ...(entities?.length ? { entities } : {}), ...(b.photo ? { photo: b.photo } : {}), ...(keyboard ? { keyboard } : {}) };
}

/** The button under a notice after a tap: the other of mute and unmute. */
export function muteKeyboard(ui: Ui, id: number, isp: string, muted: boolean): InlineKeyboard {
  return new InlineKeyboard().text(ui.t(muted ? "bc-unmute" : "bc-mute", { isp }), muteButton.encode({ id, mute: !muted }));
}

/** Who gets the notice: everyone, the agents, or one ISP's customers (with how many each reaches). */
export function audienceScreen(ui: Ui, id: number, sizes: { all: number; agents: number }): Screen {
  const kb = new InlineKeyboard()
    .text(ui.t("bc-to-all", { people: sizes.all }), data(id, { verb: "all" }))
    .row()
    .text(ui.t("bc-to-agents", { people: sizes.agents }), data(id, { verb: "agents" }))
    .row()
    .text(ui.t("bc-to-isp"), data(id, { verb: "isps", page: 0 }))
    .row()
    .text(ui.t("bc-btn-drop"), data(id, { verb: "drop" }));
  return screen(ui, [ui.t("bc-audience")], kb);
}

/** The ISPs whose customers can be reached, most people first, a page at a time. */
export function ispScreen(ui: Ui, id: number, isps: Array<{ isp: string; name: string; people: number }>, page: number): Screen {
  const kb = new InlineKeyboard();
  const pages = Math.max(1, Math.ceil(isps.length / ISPS_PER_PAGE));
  const p = Math.min(page, pages - 1);
  isps.slice(p * ISPS_PER_PAGE, (p + 1) * ISPS_PER_PAGE).forEach((x, i) => {
    kb.text(ui.t("bc-isp-row", { isp: x.name, people: x.people }), data(id, { verb: "isp", isp: x.isp }));
    if (i % 2 === 1) kb.row();
  });
  kb.row();
  if (pages > 1) kb.text(ui.t("bc-more"), data(id, { verb: "isps", page: (p + 1) % pages }));
  kb.text(ui.t("bc-btn-audience"), data(id, { verb: "back" }));
  return screen(ui, [isps.length > 0 ? ui.t("bc-choose-isp") : ui.t("bc-no-isps")], kb);
}

/** What a paid broadcast to `people` costs and saves, against the free rate. */
export function paidEstimate(people: number, settings: BroadcastSettings) {
  const normalSeconds = people / settings.ratePerSecond;
  const paidSeconds = people / settings.paidRatePerSecond;
  // Telegram charges the messages above the free 30 in each second.
  const charged = Math.max(0, people - FREE_PER_SECOND * Math.ceil(paidSeconds));
  return { stars: Math.ceil(charged / 10), normalSeconds, paidSeconds, savedSeconds: Math.max(0, normalSeconds - paidSeconds) };
}

/** Under the preview: the audience and its size, how long sending takes, the paid option, send or not. */
export function confirmScreen(ui: Ui, b: Broadcast, people: number, audience: string, settings: BroadcastSettings): Screen {
  const kb = new InlineKeyboard();
  if (people === 0) {
    kb.text(ui.t("bc-btn-audience"), data(b.id, { verb: "back" })).text(ui.t("bc-btn-drop"), data(b.id, { verb: "drop" }));
    return screen(ui, [ui.t("bc-preview-above"), ui.t("bc-nobody", { audience })], kb);
  }
  const paid = settings.allowPaid && b.paid;
  const estimate = paidEstimate(people, settings);
  kb.text(ui.t("bc-btn-send", { people }), data(b.id, { verb: "go" })).row();
  if (settings.allowPaid) kb.text(ui.t(paid ? "bc-btn-urgent-on" : "bc-btn-urgent-off"), data(b.id, { verb: "paid" })).row();
  kb.text(ui.t("bc-btn-audience"), data(b.id, { verb: "back" })).text(ui.t("bc-btn-drop"), data(b.id, { verb: "drop" }));
  return screen(
    ui,
    [
      ui.t("bc-preview-above"),
      ui.t("bc-confirm", { audience, people, rate: settings.ratePerSecond, time: duration(ui, estimate.normalSeconds) }),
      paid &&
        ui.t("bc-urgent", {
          rate: settings.paidRatePerSecond,
          time: duration(ui, estimate.paidSeconds),
          saved: duration(ui, estimate.savedSeconds),
          stars: estimate.stars,
        }),
    ],
    kb,
  );
}

/** The progress message: a bar, the outcomes so far, the rate and the time left, Pause or Resume, Cancel. */
export function progressScreen(ui: Ui, b: Broadcast, c: Counts, audience: string, settings: BroadcastSettings): Screen {
  const done = c.sent + c.blocked + c.failed;
  const total = Math.max(b.total, done + c.pending);
  const pct = total === 0 ? 100 : Math.floor((done * 100) / total);
  const filled = Math.round(pct / 10);
  const active = b.state === "sending" || b.state === "paused";
  const rate = c.recent / RECENT_SECONDS;
  const expected = b.paid ? settings.paidRatePerSecond : settings.ratePerSecond;
  const kb = new InlineKeyboard();
  if (b.state === "sending") kb.text(ui.t("bc-btn-pause"), data(b.id, { verb: "pause" }));
  if (b.state === "paused") kb.text(ui.t("bc-btn-resume"), data(b.id, { verb: "resume" }));
  if (active) kb.text(ui.t("bc-btn-stop"), data(b.id, { verb: "stop" }));
  return screen(
    ui,
    [
      ui.t("bc-progress-title", { id: b.id, audience, state: b.state }),
      `${"▓".repeat(filled)}${"░".repeat(10 - filled)} ${pct}%`,
      ui.t("bc-progress-counts", { sent: c.sent, blocked: c.blocked, failed: c.failed, left: c.pending }),
      b.state === "sending" &&
        c.pending > 0 &&
        ui.t("bc-progress-rate", { rate: Math.round(rate * 10) / 10, time: duration(ui, c.pending / (rate > 0 ? rate : expected)) }),
      b.paid && ui.t("bc-progress-paid"),
    ],
    active ? kb : undefined,
  );
}

/** The report sent when a broadcast is over (finished or cancelled). */
export function reportText(ui: Ui, b: Broadcast, c: Counts): string {
  const took = b.startedAt && b.finishedAt ? (b.finishedAt.getTime() - b.startedAt.getTime()) / 1000 : 0;
  const args = { id: b.id, time: duration(ui, took), sent: c.sent, blocked: c.blocked, failed: c.failed, total: c.sent + c.blocked + c.failed + c.pending };
  const lines = [ui.t(b.state === "done" ? "bc-report-done" : "bc-report-cancelled", args)];
  if (c.pending > 0) lines.push(ui.t("bc-report-left", { left: c.pending }));
  return ui.frame(lines.join("\n"));
}
