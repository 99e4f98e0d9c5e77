/**
 * The playground's web server: the chat page (plain HTML, CSS and JavaScript from `web/`, no build
 * step), a JSON API through which the page acts as one of the people (send text, press a button, pay
 * an invoice), the sandbox panel's data and fault switches, the files the bot sent, and one
 * Server-Sent Events stream that pushes every change the Bot API emulator sees to the page.
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Sandbox } from "../sandbox/server.js";
import { BOT_USER, type EmulatorEvent, type FakeBotApi } from "./bot-api.js";
import type { People, Person } from "./people.js";

const WEB_DIR = join(dirname(fileURLToPath(import.meta.url)), "web");
const ASSETS: Record<string, string> = { "/": "index.html", "/app.js": "app.js", "/app.css": "app.css" };
const TYPES: Record<string, string> = { html: "text/html; charset=utf-8", js: "text/javascript; charset=utf-8", css: "text/css; charset=utf-8" };
const MAX_BODY_BYTES = 64 * 1024;
/** A comment line on the event stream this often, so proxies and browsers keep it open. */
const HEARTBEAT_MS = 25_000;

/** The sandbox's documented test accounts (README, "The sandbox"), as the side panel lists them. */
export const SANDBOX_ACCOUNTS = [
  { provider: "WorldLink", search: "worldlink", accounts: [["online_renew", "switchable plan"], ["online_due_and_package", "due added"], ["online_due_payment", "due only"]] },
  { provider: "Loop Network", search: "loop", accounts: [["active", ""], ["expired", ""], ["new", "pays at the office"]] },
  { provider: "Techminds", search: "techminds", accounts: [["jeetenaug4", ""], ["pnt_test", ""]] },
  { provider: "Websurfer", search: "websurfer", accounts: [["1112858", "two connections"], ["1073661", "one connection"], ["1000000", ""]] },
  { provider: "Subisu (Global Topup)", search: "subisu", accounts: [["online_renew", ""], ["rameshsah_fbrgj", ""]] },
] as const;

/** The panel's fault switches: what the sandbox does to the next payment's commit. */
export const FAULT_SWITCHES = ["timeout", "queued", "failed"] as const;
/** One of the panel's fault switches. */
export type FaultSwitch = (typeof FAULT_SWITCHES)[number];

/** What the page's server works with. */
export interface PlaygroundServerOptions {
  fake: FakeBotApi;
  sandbox: Sandbox;
  people: People;
  /** The bot's commit timeout: a timeout fault answers later than that, and the payment turns pending. */
  commitTimeoutMs: number;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The sandbox fault for a panel switch; each settles as a success when reconciliation asks. */
function faultOf(name: FaultSwitch, commitTimeoutMs: number) {
  if (name === "timeout") return { fault: "timeout", on: "commit", delayMs: commitTimeoutMs + 2_000, processed: true } as const;
  if (name === "queued") return { fault: "queued", on: "commit" } as const;
  return { fault: "failed", on: "commit" } as const;
}

/** The page's web server (not yet listening), and how to close it with its open event streams. */
export interface PlaygroundServer {
  server: Server;
  close(): Promise<void>;
}

/** Makes the page's web server. */
export function createPlaygroundServer(opts: PlaygroundServerOptions): PlaygroundServer {
  const { fake, sandbox, people } = opts;
  const assets = new Map(Object.entries(ASSETS).map(([path, file]) => [path, { body: readFileSync(join(WEB_DIR, file)), type: TYPES[file.split(".").pop()!]! }]));
  const streams = new Set<ServerResponse>();

  const personOf = (raw: string | undefined): Person => {
    const person = people.get(Number(raw));
    if (!person) throw new HttpError(404, "no such person in the playground");
    return person;
  };
  const userOf = (p: Person) => fake.user(p.id, { firstName: p.firstName, languageCode: "en" });

  const routes: Array<[method: string, path: RegExp, handle: (m: RegExpExecArray, body: Record<string, unknown>, res: ServerResponse) => unknown]> = [
    ["GET", /^\/api\/state$/, () => ({ bot: { name: BOT_USER.first_name, username: BOT_USER.username }, people: people.all(), accounts: SANDBOX_ACCOUNTS, faults: FAULT_SWITCHES })],
    [
      "GET",
      /^\/api\/chats\/(\d+)$/,
      (m) => {
        const p = personOf(m[1]);
        return { messages: fake.shown(p.id), commands: fake.commandsFor(p.id, "en") };
      },
    ],
    ["GET", /^\/api\/events$/, (_m, _b, res) => openStream(res)],
    ["GET", /^\/files\/([\w-]+)$/, (m, _b, res) => sendFile(m[1]!, res)],
    ["POST", /^\/api\/people$/, () => people.newCustomer()],
    [
      "POST",
      /^\/api\/chats\/(\d+)\/send$/,
      (m, body) => {
        const text = body.text;
        if (typeof text !== "string" || text.trim() === "" || text.length > 4096) throw new HttpError(400, "text must be 1-4096 characters");
        userOf(personOf(m[1])).sendText(text);
        return { ok: true };
      },
    ],
    [
      "POST",
      /^\/api\/chats\/(\d+)\/press$/,
      (m, body) => {
        if (!Number.isSafeInteger(body.messageId) || typeof body.data !== "string") throw new HttpError(400, "messageId and data are required");
        const user = userOf(personOf(m[1]));
        if (!fake.shown(user.id).some((s) => s.message.message_id === body.messageId)) throw new HttpError(404, "no such message in this chat");
        user.pressButton(body.messageId as number, body.data);
        return { ok: true };
      },
    ],
    [
      "POST",
      /^\/api\/chats\/(\d+)\/pay$/,
      async (m, body) => {
        const user = userOf(personOf(m[1]));
        const shown = fake.shown(user.id).find((s) => s.message.message_id === body.messageId);
        if (!shown?.message.invoice) throw new HttpError(404, "no such invoice in this chat");
        if (shown.paid) throw new HttpError(409, "this invoice is paid already");
        return user.payInvoice(body.messageId as number);
      },
    ],
    [
      "POST",
      /^\/api\/faults$/,
      (_m, body) => {
        const name = FAULT_SWITCHES.find((f) => f === body.fault);
        if (!name) throw new HttpError(400, `fault must be one of ${FAULT_SWITCHES.join(", ")}`);
        sandbox.injectFault(faultOf(name, opts.commitTimeoutMs));
        return { ok: true, fault: name };
      },
    ],
  ];

  /** The event stream: every change the emulator sees, as `message`, `action`, `answer` or `commands` events. */
  function openStream(res: ServerResponse): undefined {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store", connection: "keep-alive" });
    res.write("retry: 1000\n\n");
    const names: Record<EmulatorEvent["type"], string> = { message: "message", chatAction: "action", callbackAnswer: "answer", commands: "commands" };
    const stop = fake.onEvent((e) => {
      const { type, ...data } = e;
      res.write(`event: ${names[type]}\ndata: ${JSON.stringify(data)}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(": still here\n\n"), HEARTBEAT_MS);
    streams.add(res);
    res.on("close", () => {
      stop();
      clearInterval(heartbeat);
      streams.delete(res);
    });
    return undefined;
  }

  /** A file the bot sent: pictures shown in place, anything else downloaded under its name. */
  function sendFile(fileId: string, res: ServerResponse): undefined {
    const f = fake.file(fileId);
    if (!f) throw new HttpError(404, "no such file");
    if (!f.bytes) {
      res.writeHead(302, { location: f.url! }).end();
      return undefined;
    }
    const disposition = f.mimeType.startsWith("image/") ? "inline" : "attachment";
    res.writeHead(200, {
      "content-type": f.mimeType,
      "content-length": f.bytes.length,
      "content-disposition": `${disposition}; filename="${f.filename.replace(/[^\w.-]/g, "_")}"`,
      "x-content-type-options": "nosniff",
    });
    res.end(f.bytes);
    return undefined;
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : 500;
      if (!res.headersSent) json(res, status, { ok: false, error: err instanceof Error ? err.message : String(err) });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://playground.invalid").pathname;
    const method = req.method ?? "GET";
    const asset = method === "GET" ? assets.get(path) : undefined;
    if (asset) {
      res.writeHead(200, {
        "content-type": asset.type,
        "cache-control": "no-cache",
        "content-security-policy": "default-src 'self'; img-src 'self' data: http: https:; style-src 'self'; script-src 'self'; connect-src 'self'",
        "x-content-type-options": "nosniff",
      });
      res.end(asset.body);
      return;
    }
    for (const [m, re, route] of routes) {
      const match = method === m ? re.exec(path) : null;
      if (!match) continue;
      let body: Record<string, unknown> = {};
      if (method === "POST") {
        // Only this page may act: a form or script of another site cannot send JSON here with its Origin.
        const origin = req.headers.origin;
        if (origin !== undefined && origin !== `http://${req.headers.host}`) throw new HttpError(403, "another site may not act in the playground");
        if (!/^application\/json\b/.test(req.headers["content-type"] ?? "")) throw new HttpError(415, "send JSON");
        body = await readJson(req);
      }
      const result = await route(match, body, res);
      if (result !== undefined) json(res, 200, result);
      return;
    }
    throw new HttpError(404, "not found");
  }

  return {
    server,
    close() {
      // Open event streams would keep the server from closing: end them first.
      for (const s of streams) s.end();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      return closed;
    },
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify(body));
}

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) reject(new HttpError(413, "body too large"));
      else chunks.push(c);
    });
    req.on("end", () => {
      try {
        const v = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as unknown;
        if (typeof v !== "object" || v === null || Array.isArray(v)) throw new Error();
        resolve(v as Record<string, unknown>);
      } catch {
        reject(new HttpError(400, "the body must be a JSON object"));
      }
    });
    req.on("error", reject);
  });
}
