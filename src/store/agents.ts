/**
 * Agents and requests to become one. Whether someone is an agent is read at the moment of use (no
 * cache), so a removed agent loses access at once.
 */
import type { Queryable } from "../db/index.js";

/** An agent as kept: active or removed. */
export interface Agent {
  userId: number;
  shopName: string | null;
  active: boolean;
  addedBy: string;
  addedAt: string;
}

/** A request to become an agent. */
export interface AgentRequest {
  id: number;
  userId: number;
  firstName: string | null;
  shopName: string;
  state: "open" | "approved" | "declined";
}

interface AgentRow {
  user_id: string | number;
  shop_name: string | null;
  active: boolean;
  added_by: string;
  added_at: Date;
}
interface RequestRow {
  id: string | number;
  user_id: string | number;
  first_name: string | null;
  shop_name: string;
  state: AgentRequest["state"];
}

const toAgent = (r: AgentRow): Agent => ({
  userId: Number(r.user_id),
  shopName: r.shop_name,
  active: r.active,
  addedBy: r.added_by,
  addedAt: new Date(r.added_at).toISOString(),
});
const toRequest = (r: RequestRow): AgentRequest => ({
  id: Number(r.id),
  userId: Number(r.user_id),
  firstName: r.first_name,
  shopName: r.shop_name,
  state: r.state,
});

/** A shop name as typed: trimmed, 1-60 characters, one line. */
export function normalizeShopName(input: string): string | undefined {
  const name = input.replace(/\s+/g, " ").trim();
  return name.length >= 1 && name.length <= 60 ? name : undefined;
}

/** Agents over `db`. */
export function createAgentStore(db: Queryable) {
  return {
    /** Whether `userId` is an active agent now. */
    async isAgent(userId: number): Promise<boolean> {
      const r = await db.query("SELECT 1 FROM agents WHERE user_id = $1 AND active", [userId]);
      return r.rows.length > 0;
    },

    async get(userId: number): Promise<Agent | undefined> {
      const r = await db.query<AgentRow>("SELECT * FROM agents WHERE user_id = $1", [userId]);
      return r.rows[0] ? toAgent(r.rows[0]) : undefined;
    },

    /** Adds (or re-activates) an agent; `false` when they were already active. */
    async add(userId: number, by: string, shopName?: string): Promise<boolean> {
      const r = await db.query(
        `INSERT INTO agents (user_id, shop_name, added_by) VALUES ($1, $2, $3)
         ON CONFLICT (user_id) DO UPDATE SET active = true, added_by = EXCLUDED.added_by, added_at = now(),
           shop_name = COALESCE(EXCLUDED.shop_name, agents.shop_name), removed_by = NULL, removed_at = NULL
         WHERE NOT agents.active
         RETURNING user_id`,
        [userId, shopName ?? null, by],
      );
      return r.rows.length > 0;
    },

    /** Removes an active agent; `false` when they were not one. */
    async remove(userId: number, by: string): Promise<boolean> {
      const r = await db.query("UPDATE agents SET active = false, removed_by = $2, removed_at = now() WHERE user_id = $1 AND active RETURNING user_id", [userId, by]);
      return r.rows.length > 0;
    },

    /** Every active agent, oldest first. */
    async list(): Promise<Agent[]> {
      const r = await db.query<AgentRow>("SELECT * FROM agents WHERE active ORDER BY added_at, user_id");
      return r.rows.map(toAgent);
    },

    /** Opens a request; `undefined` when the user already has an open one or is an agent. */
    async request(userId: number, firstName: string | undefined, shopName: string): Promise<AgentRequest | undefined> {
      const r = await db.query<RequestRow>(
        `INSERT INTO agent_requests (user_id, first_name, shop_name)
         SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM agents WHERE user_id = $1 AND active)
         ON CONFLICT DO NOTHING RETURNING *`,
        [userId, firstName ?? null, shopName],
      );
      return r.rows[0] ? toRequest(r.rows[0]) : undefined;
    },

    /** A request by id (any state). */
    async requestById(id: number): Promise<AgentRequest | undefined> {
      const r = await db.query<RequestRow>("SELECT * FROM agent_requests WHERE id = $1", [id]);
      return r.rows[0] ? toRequest(r.rows[0]) : undefined;
    },

    /** The user's open request, if any. */
    async openRequestOf(userId: number): Promise<AgentRequest | undefined> {
      const r = await db.query<RequestRow>("SELECT * FROM agent_requests WHERE user_id = $1 AND state = 'open'", [userId]);
      return r.rows[0] ? toRequest(r.rows[0]) : undefined;
    },

    /** Decides an open request (once: a second decision finds nothing); approving adds the agent. */
    async decide(id: number, approve: boolean, by: string): Promise<AgentRequest | undefined> {
      const r = await db.query<RequestRow>(
        "UPDATE agent_requests SET state = $2, decided_by = $3, decided_at = now() WHERE id = $1 AND state = 'open' RETURNING *",
        [id, approve ? "approved" : "declined", by],
      );
      const req = r.rows[0] ? toRequest(r.rows[0]) : undefined;
      if (req && approve) await this.add(req.userId, by, req.shopName);
      return req;
    },
  };
}

/** The agents store's interface. */
export type AgentStore = ReturnType<typeof createAgentStore>;
