/**
 * The webhook server: Telegram's POSTs on the webhook URL's path (secret checked in constant time),
 * `GET /health`, and other POST routes of ours (Khalti's delivery reports). An update is answered
 * 200 when the bot has handled it or when its budget runs out, whichever comes first: past the
 * budget the update goes on in this process (a payment is never cut short), and whatever it throws
 * later is logged, never left as an unhandled rejection. Bodies over 1 MB are refused.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { type Bot, BotError } from "grammy";
import type { Update } from "grammy/types";
import type { Logger } from "pino";
import type { BotContext } from "./context.js";

/** Largest request body read (Telegram's updates are far smaller). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Whether two secrets are equal, in time that depends on neither (hashes of equal length compared). */
export function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Reads a body of at most `limit` bytes; `undefined` when it is larger. */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Thrown by a route's handler for a request it refuses: answered 400, with nothing done. */
export class RouteRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RouteRefused";
  }
}

/**
 * A route's body as a value, by its content type: the fields of a form (`multipart/form-data`, as
 * Khalti sends its delivery reports, or `application/x-www-form-urlencoded`) as an object of strings
 * (files are ignored), or JSON. Throws `RouteRefused` when it cannot be read.
 */
export async function parseRouteBody(raw: string, contentType: string | undefined): Promise<unknown> {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "multipart/form-data" || type === "application/x-www-form-urlencoded") {
    try {
      const form = await new Response(raw, { headers: { "content-type": contentType! } }).formData();
      const fields: Record<string, string> = {};
      for (const [name, value] of form) if (typeof value === "string") fields[name] = value;
      return fields;
    } catch {
      throw new RouteRefused(`not a readable ${type} body`);
    }
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new RouteRefused("neither a form nor JSON");
  }
}

export interface WebhookServerOptions {
  bot: Bot<BotContext>;
  /** The path of the webhook URL. */
  path: string;
  secret: string;
  /** How long Telegram waits for an answer before this server says 200 anyway. */
  budgetMs: number;
  logger: Logger;
  /**
   * Other POST routes (no secret: they are not Telegram's): path → handler of the body, read by
   * `parseRouteBody`. Answered 200 when the handler returns, 400 when the body cannot be read or the
   * handler throws `RouteRefused`, 500 (logged) when it throws anything else.
   */
  routes?: Record<string, (body: unknown) => Promise<void>>;
}

export interface WebhookServer {
  server: Server;
  /** Stops taking requests (503) and waits, at most `maxMs`, for updates in hand. */
  drain(maxMs: number): Promise<void>;
}

export function createWebhookServer(opts: WebhookServerOptions): WebhookServer {
  const { bot, logger } = opts;
  const inFlight = new Set<Promise<void>>();
  let stopped = false;

  async function handleUpdate(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!sameSecret(req.headers["x-telegram-bot-api-secret-token"] as string | undefined, opts.secret)) {
      res.writeHead(401).end("secret token is wrong");
      return;
    }
    if (stopped) return void res.writeHead(503).end();
    const body = await readBody(req);
    if (body === undefined) return void res.writeHead(413).end();
    let update: Update;
    try {
      update = JSON.parse(body) as Update;
      if (typeof update?.update_id !== "number") throw new Error("no update_id");
    } catch {
      return void res.writeHead(400).end("not an update");
    }
    // As in polling, an update that throws goes to the bot's error handler (log, apology).
    const task: Promise<void> = bot
      .handleUpdate(update)
      .catch((err: unknown) => (err instanceof BotError ? bot.errorHandler(err) : Promise.reject(err)))
      .catch((err: unknown) => logger.error({ err, update: update.update_id }, "update failed outside the bot's error handler"))
      .then(() => undefined);
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
    let timer: NodeJS.Timeout | undefined;
    const budget = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), opts.budgetMs)));
    const first = await Promise.race([task, budget]);
    clearTimeout(timer);
    if (first === "late") logger.warn({ update: update.update_id, budgetMs: opts.budgetMs }, "update still running past the webhook budget: answered, and it goes on");
    res.writeHead(200).end();
  }

  async function handleRoute(route: (body: unknown) => Promise<void>, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (stopped) return void res.writeHead(503).end();
    const raw = await readBody(req);
    if (raw === undefined) return void res.writeHead(413, { connection: "close" }).end();
    await route(await parseRouteBody(raw, req.headers["content-type"]));
    res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
  }

  const server = createServer((req, res) => {
    const path = (req.url ?? "").split("?")[0];
    if (req.method === "GET" && path === "/health") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, mode: "webhook" }));
      return;
    }
    const route = req.method === "POST" && path !== undefined && Object.hasOwn(opts.routes ?? {}, path) ? opts.routes![path] : undefined;
    const work =
      req.method === "POST" && path === opts.path
        ? handleUpdate(req, res)
        : route
          ? handleRoute(route, req, res).catch((err: unknown) => {
              if (err instanceof RouteRefused) throw err;
              logger.error({ err, path }, "webhook route failed");
              if (!res.headersSent) res.writeHead(500).end();
            })
          : Promise.resolve(void res.writeHead(404).end());
    work.catch((err: unknown) => {
      logger.warn({ err, path }, "webhook request refused");
      if (!res.headersSent) res.writeHead(400).end();
    });
  });

  return {
    server,
    async drain(maxMs) {
      stopped = true;
      const end = Date.now() + maxMs;
      while (inFlight.size > 0 && Date.now() < end) await Promise.race([...inFlight, new Promise((r) => setTimeout(r, 50))]);
    },
  };
}
