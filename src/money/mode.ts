/**
 * A ledger serves the built-in sandbox or real aggregators, never both: the first process to open it
 * records which (`ledger_mode`), and a process of the other kind is refused before it moves any money.
 */
import type { Queryable } from "../db/index.js";

/** What a process pays through: the built-in sandbox (test money) or the aggregators. */
export type LedgerMode = "sandbox" | "aggregators";

/** Refusal to open a ledger of the other kind; its message says what to do. */
export class LedgerModeMismatch extends Error {
  constructor(
    readonly recorded: LedgerMode,
    readonly wanted: LedgerMode,
  ) {
    super(
      recorded === "aggregators"
        ? "this database has paid real aggregators: the sandbox may not use it (give the sandbox its own DATABASE_URL, or leave DATABASE_URL unset so it keeps its money in DATA_DIR/sandbox)"
        : "this database holds the sandbox's test money: real aggregators may not be paid from it (use another DATABASE_URL or DATA_DIR)",
    );
    this.name = "LedgerModeMismatch";
  }
}

/** Records `mode` for a new ledger, or checks it against the recorded one (throws `LedgerModeMismatch`). */
export async function claimLedgerMode(q: Queryable, mode: LedgerMode): Promise<void> {
  await q.query("INSERT INTO ledger_mode (mode) VALUES ($1) ON CONFLICT (one) DO NOTHING", [mode]);
  const r = await q.query<{ mode: LedgerMode }>("SELECT mode FROM ledger_mode");
  const recorded = r.rows[0]!.mode;
  if (recorded !== mode) throw new LedgerModeMismatch(recorded, mode);
}
