/** What each API family implements; `src/providers/index.ts` picks one per route. */
import type { Lookup, Option, Outcome, Route } from "./types.js";

export interface LookupRequest {
  isp: string;
  route: Route;
  account: string;
  /** times: the connection (username) to fetch packages for. */
  connection?: string;
}

export interface FamilyAdapter {
  lookup(req: LookupRequest): Promise<Lookup>;
  /** Pays `option` of `lookup` once, with `reference`. Never throws for an upstream answer. */
  commit(lookup: Lookup, option: Option, reference: string): Promise<Outcome>;
}

export function nowIso(): string {
  return new Date().toISOString();
}
