/**
 * Broadcast buttons: an admin's steps on a notice (`bc`: audience, preview, send, pause, resume,
 * cancel) and a customer's mute under a notice about an ISP (`mu`). Both carry only the broadcast's
 * id (and an ISP id or a page); the server checks the role, the owner and the state on every press.
 */
import { type Codec, FIELD } from "../../codec.js";

/** A step on a broadcast. */
export type BroadcastStep =
  | { verb: "all" | "agents" | "paid" | "go" | "back" | "drop" | "pause" | "resume" | "stop" }
  | { verb: "isps"; page: number }
  | { verb: "isp"; isp: string };

const PLAIN = new Set<string>(["all", "agents", "paid", "go", "back", "drop", "pause", "resume", "stop"]);

export const broadcastButton: Codec<{ id: number; step: BroadcastStep }> = {
  prefix: "bc",
  encode: ({ id, step }) =>
    step.verb === "isps" ? `bc:${id}:isps:${step.page}` : step.verb === "isp" ? `bc:${id}:isp:${step.isp}` : `bc:${id}:${step.verb}`,
  decode: ([id, verb, arg, ...rest]) => {
    if (rest.length > 0 || !FIELD.id.test(id ?? "")) return undefined;
    const n = Number(id);
    if (verb === "isps") return arg !== undefined && FIELD.small.test(arg) ? { id: n, step: { verb, page: Number(arg) } } : undefined;
    if (verb === "isp") return arg !== undefined && FIELD.slug.test(arg) ? { id: n, step: { verb, isp: arg } } : undefined;
    return arg === undefined && PLAIN.has(verb ?? "") ? { id: n, step: { verb: verb as "all" } } : undefined;
  },
};

/** Under a notice about an ISP: mute its notices (`off`) or have them again (`on`). */
export const muteButton: Codec<{ id: number; mute: boolean }> = {
  prefix: "mu",
  encode: ({ id, mute }) => `mu:${id}:${mute ? "off" : "on"}`,
  decode: ([id, how, ...rest]) =>
    rest.length === 0 && FIELD.id.test(id ?? "") && (how === "off" || how === "on") ? { id: Number(id), mute: how === "off" } : undefined,
};
