/**
 * The operator's command line: `npm run --silent ops -- <verb> ...`.
 * JSON on stdout; on error one readable line on stderr and a non-zero exit.
 */
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { type Config, ConfigError, loadConfig, loadDotEnv } from "../config.js";
import { formatRupees, rupeesToPaisa } from "../shared/amount.js";
import { InsufficientFunds, NothingToResolve, type Payment, PaymentInFlight, PaymentRefused } from "../money/index.js";
import {
  type AggregatorId,
  createUpstream,
  InvalidRequest,
  type Lookup,
  type OutcomeState,
  type Upstream,
  UpstreamError,
} from "../providers/index.js";
import { openServices, type Services } from "../services.js";

export interface OpsIo {
  config: Config;
  out: (text: string) => void;
  err: (text: string) => void;
}

const USAGE = `usage: ops <verb> ...
  isps
  lookup <isp> <account> [--via khalti|globaltopup] [--connection <username>]
  pay <isp> <account> <option-key> [--yes] [--payer <user-id>] [--intent <key>] [--via ...] [--connection ...]
  status <isp> <reference> [--via ...]
  credit <user-id> <rupees> [--note <text>]
  balance <user-id>
  reconcile [--all]
  audit
  resolve <reference> success|failed [--upstream-id <id>] [--note <text>]
  receipt <reference>
  report [--from <ISO date>] [--to <ISO date>]`;

/** Exit codes: 0 done (a pending payment included), 1 error, 2 usage, 3 payment failed. */
export async function runOps(argv: string[], io: OpsIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        via: { type: "string" },
        connection: { type: "string" },
        payer: { type: "string" },
        intent: { type: "string" },
        note: { type: "string" },
        "upstream-id": { type: "string" },
        from: { type: "string" },
        to: { type: "string" },
        all: { type: "boolean", default: false },
        yes: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (e) {
    io.err(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const [verb, ...args] = parsed.positionals;
  const { values } = parsed;
  if (values.help || !verb) {
    io.err(USAGE);
    return values.help ? 0 : 2;
  }
  const via = values.via;
  if (via !== undefined && via !== "khalti" && via !== "globaltopup") {
    io.err(`--via must be khalti or globaltopup, not "${via}"`);
    return 2;
  }
  const need = (n: number) => {
    if (args.length !== n) throw new UsageError(`${verb} takes ${n} argument(s)\n${USAGE}`);
  };

  let services: Services | undefined;
  const money = async () => {
    // With an aggregator configured, the CLI pays real ones: never from the sandbox's ledger.
    const real = io.config.upstream.khalti !== undefined || io.config.upstream.globaltopup !== undefined;
    services ??= await openServices(io.config, { mode: real ? "aggregators" : undefined });
    return services.money;
  };
  try {
    const upstream = createUpstream(io.config.upstream);
    const print = (value: unknown) => io.out(`${JSON.stringify(value, null, 2)}\n`);
    const needUpstream = () => {
      if (upstream.enabled.size === 0) {
        throw new InvalidRequest("no aggregator is enabled: set KHALTI_TOKEN and/or GLOBALTOPUP_TOKEN (npm run sandbox serves test ones)");
      }
    };
    switch (verb) {
      case "isps":
        need(0);
        needUpstream();
        print(upstream.catalog.map((i) => ({ id: i.id, name: i.name, routes: i.routes })));
        return 0;
      case "lookup": {
        need(2);
        needUpstream();
        const lookup = await upstream.lookup(args[0]!, args[1]!, { via: via as AggregatorId | undefined, connection: values.connection });
        print(describeLookup(lookup));
        return 0;
      }
      case "pay": {
        need(3);
        needUpstream();
        const payer = values.payer !== undefined ? userId(values.payer) : io.config.operatorUserId;
        if (payer === undefined) throw new InvalidRequest("no payer: pass --payer <user-id>, or set OPERATOR_USER_ID or ADMIN_IDS");
        return await pay(upstream, money, args as [string, string, string], {
          via: via as AggregatorId | undefined,
          connection: values.connection,
          yes: values.yes ?? false,
          payer,
          intent: values.intent,
        }, io);
      }
      case "status": {
        need(2);
        needUpstream();
        const outcome = await upstream.status(upstream.route(args[0]!, via as AggregatorId | undefined), args[1]!);
        print({ state: outcome.state, reference: args[1], upstreamId: outcome.upstreamId ?? null, upstreamState: outcome.upstreamState ?? null, message: outcome.message });
        return 0;
      }
      case "credit": {
        need(2);
        const amountPaisa = rupeesToPaisa(args[1]!);
        if (amountPaisa === undefined || amountPaisa === 0) throw new UsageError(`"${args[1]}" is not an amount of rupees (e.g. 500 or 499.50)`);
        const m = await money();
        const result = await m.grant({ userId: userId(args[0]!), amountPaisa, adminId: io.config.operatorUserId ?? "cli", note: values.note });
        print({ userId: userId(args[0]!), creditedPaisa: amountPaisa, ...result.balance });
        return 0;
      }
      case "balance": {
        need(1);
        print(await (await money()).balance(userId(args[0]!)));
        return 0;
      }
      case "reconcile": {
        need(0);
        print(await (await money()).reconcile({ all: values.all }));
        return 0;
      }
      case "audit": {
        need(0);
        const result = await (await money()).audit();
        print(result);
        if (!result.ok) io.err(`audit: ${result.problems.length} problem(s): ${result.problems[0]}`);
        return result.ok ? 0 : 1;
      }
      case "resolve": {
        need(2);
        const outcome = args[1];
        if (outcome !== "success" && outcome !== "failed") throw new UsageError("resolve takes success or failed");
        const m = await money();
        const p = await m.resolve({ reference: args[0]!, adminId: io.config.operatorUserId ?? "cli", outcome, upstreamId: values["upstream-id"], note: values.note });
        print(describePayment(p));
        return 0;
      }
      case "receipt": {
        need(1);
        const m = await money();
        const p = await m.payment({ reference: args[0]! });
        if (!p) throw new InvalidRequest(`no payment with reference ${args[0]}`);
        const receipt = await m.receipt(p.id);
        if (!receipt) throw new InvalidRequest(`payment ${args[0]} is ${p.state}: no receipt`);
        print(receipt);
        return 0;
      }
      case "report": {
        need(0);
        const to = values.to ? date(values.to) : new Date();
        const from = values.from ? date(values.from) : new Date(to.getTime() - 24 * 3600 * 1000);
        print(await (await money()).report({ from, to }));
        return 0;
      }
      default:
        io.err(`unknown verb "${verb}"\n${USAGE}`);
        return 2;
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(err.message);
      return 2;
    }
    if (err instanceof UpstreamError || err instanceof InvalidRequest || err instanceof PaymentRefused) {
      io.err(`${verb}: ${err.message}`);
      return 1;
    }
    if (err instanceof PaymentInFlight) {
      io.err(`${verb}: the payer's earlier payment for this account (reference ${err.payment.reference}) is still ${err.payment.state}; nothing was paid (ops reconcile, or ops resolve, settles it)`);
      return 1;
    }
    if (err instanceof NothingToResolve) {
      io.err(`${verb}: nothing changed: payment ${err.payment.reference} is ${err.payment.state}, not pending`);
      return 1;
    }
    if (err instanceof InsufficientFunds) {
      io.err(`${verb}: the payer's wallet has ${formatRupees(err.availablePaisa)} available, ${formatRupees(err.neededPaisa)} is needed; nothing was paid`);
      return 1;
    }
    io.err(`${verb}: unexpected error: ${(err as Error)?.message ?? String(err)}`);
    return 1;
  } finally {
    await services?.close();
  }
}

function userId(text: string): number {
  if (!/^\d{1,15}$/.test(text)) throw new UsageError(`"${text}" is not a numeric user id`);
  return Number(text);
}

function date(text: string): Date {
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) throw new UsageError(`"${text}" is not a date`);
  return d;
}

const OUTCOME_OF: Record<Payment["state"], OutcomeState> = {
  created: "pending",
  submitted: "pending",
  pending: "pending",
  succeeded: "success",
  failed: "failed",
};

function describePayment(p: Payment) {
  return {
    state: OUTCOME_OF[p.state],
    paymentState: p.state,
    reference: p.reference,
    upstreamId: p.upstreamId,
    message: p.upstreamMessage,
    paymentId: p.id,
    amountPaisa: p.amountPaisa,
    payer: p.payerUserId,
  };
}

class UsageError extends Error {}

/** The lookup as the CLI prints it: two-level options flattened ("Fiber Gold · 3 Months"). */
export function describeLookup(lookup: Lookup) {
  return {
    isp: lookup.isp,
    via: lookup.route.aggregator,
    account: lookup.account,
    connection: lookup.connection ?? null,
    customer: lookup.customer,
    connections: lookup.connections,
    notPayable: lookup.notPayable ?? null,
    options: lookup.options.map((o) => ({
      key: o.key,
      label: o.label,
      amountPaisa: o.amountPaisa,
      ...(o.breakdown ? { breakdown: o.breakdown } : {}),
      ...(o.current ? { current: true } : {}),
    })),
  };
}

async function pay(
  upstream: Upstream,
  money: () => Promise<Services["money"]>,
  [ispId, account, optionKey]: [string, string, string],
  opts: { via?: AggregatorId; connection?: string; yes: boolean; payer: number; intent?: string },
  io: OpsIo,
): Promise<number> {
  const lookup = await upstream.lookup(ispId, account, { via: opts.via, connection: opts.connection });
  if (lookup.connections && lookup.connections.length > 1 && !lookup.connection) {
    throw new InvalidRequest(`this customer has several connections; choose one with --connection (${lookup.connections.map((c) => c.username).join(", ")})`);
  }
  if (lookup.notPayable) throw new InvalidRequest(`cannot be paid online: ${lookup.notPayable.message}`);
  const option = lookup.options.find((o) => o.key === optionKey);
  if (!option) {
    throw new InvalidRequest(`no option "${optionKey}"; options: ${lookup.options.map((o) => o.key).join(", ")}`);
  }
  const m = await money();
  const balance = await m.balance(opts.payer);
  if (!opts.yes) {
    io.out(`${JSON.stringify({
      wouldPay: {
        isp: ispId,
        via: lookup.route.aggregator,
        account: lookup.account,
        connection: lookup.connection ?? null,
        customer: lookup.customer.name ?? null,
        option: { key: option.key, label: option.label, amountPaisa: option.amountPaisa, breakdown: option.breakdown ?? null },
        payer: opts.payer,
        availablePaisa: balance.availablePaisa,
        availableAfterPaisa: balance.availablePaisa - option.amountPaisa,
      },
    }, null, 2)}\n`);
    io.err(balance.availablePaisa < option.amountPaisa ? "nothing paid: the payer's balance is short" : "nothing paid: add --yes to pay");
    return 0;
  }
  const result = await m.pay({ key: opts.intent ?? `cli:${randomUUID()}`, payerUserId: opts.payer, lookup, optionKey: option.key });
  const p = result.payment;
  io.out(`${JSON.stringify({ ...describePayment(p), message: result.outcome?.message ?? p.upstreamMessage, replayed: result.replayed }, null, 2)}\n`);
  if (p.state === "failed") {
    io.err(`pay: failed, the wallet was not charged: ${p.upstreamMessage ?? "no reason given"}`);
    return 3;
  }
  if (p.state === "pending") io.err(`pay: pending (${p.upstreamMessage}); the money stays held until: ops reconcile`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  let config: Config;
  try {
    loadDotEnv();
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
    process.exit(1);
  }
  const code = await runOps(process.argv.slice(2), {
    config,
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(`${t.endsWith("\n") ? t : `${t}\n`}`),
  });
  process.exitCode = code;
}
