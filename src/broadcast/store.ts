/**
 * Broadcasts in PostgreSQL: the people the bot knows (`bot_users`), notices and their audiences,
 * every recipient's outcome, and customers' mutes. The database is the truth a broadcast resumes
 * from: a recipient is pending until their send is answered, and only pending ones are ever sent.
 */
import type { MessageEntity } from "grammy/types";
import type { Db, Queryable } from "../db/index.js";

/** Who gets a notice. */
export type Audience = { kind: "all" } | { kind: "agents" } | { kind: "isp"; isp: string };

/** Where a broadcast is: written, sending or paused, then done or cancelled; a draft not sent is dropped. */
export type BroadcastState = "draft" | "sending" | "paused" | "done" | "cancelled" | "dropped";

/** What came of one recipient. */
export type Outcome = "sent" | "blocked" | "failed";

/** A notice and where its sending stands. */
export interface Broadcast {
  id: number;
  createdBy: number;
  chatId: number;
  /** The text, or the photo's caption. */
  text: string;
  entities: MessageEntity[] | null;
  /** A photo's file id. */
  photo: string | null;
  audience: Audience | null;
  /** Sent with `allow_paid_broadcast`. */
  paid: boolean;
  state: BroadcastState;
  total: number;
  progressMessageId: number | null;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** Recipients by outcome, and how many were answered in the last `RECENT_SECONDS`. */
export interface Counts {
  pending: number;
  sent: number;
  blocked: number;
  failed: number;
  recent: number;
}

/** The window (seconds) of the progress message's rate. */
export const RECENT_SECONDS = 10;

/** A second press of Cancel within this many seconds cancels. */
const CANCEL_CONFIRM_SECONDS = 10;

interface Row {
  id: number;
  created_by: number;
  chat_id: number;
  text: string;
  entities: MessageEntity[] | null;
  photo: string | null;
  audience: "all" | "agents" | "isp" | null;
  isp: string | null;
  paid: boolean;
  state: BroadcastState;
  total: number;
  progress_message_id: number | null;
  started_at: Date | null;
  finished_at: Date | null;
}

const toBroadcast = (r: Row): Broadcast => ({
  id: Number(r.id),
  createdBy: Number(r.created_by),
  chatId: Number(r.chat_id),
  text: r.text,
  entities: r.entities,
  photo: r.photo,
  audience: r.audience === "isp" ? { kind: "isp", isp: r.isp! } : r.audience ? { kind: r.audience } : null,
  paid: r.paid,
  state: r.state,
  total: Number(r.total),
  progressMessageId: r.progress_message_id === null ? null : Number(r.progress_message_id),
  startedAt: r.started_at ? new Date(r.started_at) : null,
  finishedAt: r.finished_at ? new Date(r.finished_at) : null,
});

/** Nobody who blocked the bot (`p.user_id` is the candidate). */
const REACHABLE = "NOT EXISTS (SELECT 1 FROM bot_users u WHERE u.user_id = p.user_id AND u.blocked_at IS NOT NULL)";

/**
 * The audience's user ids as SQL whose parameters follow `before` others: the ISP (an ISP audience)
 * is parameter `before + 1`. Returns the SQL and the audience's parameters.
 */
function audienceSql(a: Audience, before = 0): [string, unknown[]] {
  switch (a.kind) {
    case "all":
      return ["SELECT p.user_id FROM bot_users p WHERE p.blocked_at IS NULL", []];
    case "agents":
      return [`SELECT p.user_id FROM agents p WHERE p.active AND ${REACHABLE}`, []];
    case "isp": {
      const isp = `$${before + 1}`;
      return [
        `SELECT p.user_id FROM (SELECT user_id FROM saved_accounts WHERE isp = ${isp} UNION SELECT payer_user_id FROM payments WHERE isp = ${isp}) p
         WHERE NOT EXISTS (SELECT 1 FROM broadcast_mutes m WHERE m.user_id = p.user_id AND m.isp = ${isp}) AND ${REACHABLE}`,
        [a.isp],
      ];
    }
  }
}

/** Broadcasts over `db`. */
export function createBroadcastStore(db: Db) {
  const one = async (q: Queryable, sql: string, params: unknown[]) => {
    const r = await q.query<Row>(sql, params);
    return r.rows[0] ? toBroadcast(r.rows[0]) : undefined;
  };
  return {
    /**
     * A user the bot has seen: known from now on (the audience "everyone"); reachable again if a
     * notice found them blocked.
     */
    async seen(userId: number): Promise<void> {
      await db.query(
        "INSERT INTO bot_users (user_id) VALUES ($1) ON CONFLICT (user_id) DO UPDATE SET blocked_at = NULL WHERE bot_users.blocked_at IS NOT NULL",
        [userId],
      );
    },

    /** Whether a send found the user had blocked the bot (and they have not come back since). */
    async isBlocked(userId: number): Promise<boolean> {
      const r = await db.query("SELECT 1 FROM bot_users WHERE user_id = $1 AND blocked_at IS NOT NULL", [userId]);
      return r.rows.length > 0;
    },

    /** A new notice, not yet addressed. */
    async createDraft(d: { createdBy: number; chatId: number; text: string; entities?: MessageEntity[]; photo?: string }): Promise<Broadcast> {
      return (await one(
        db,
        "INSERT INTO broadcasts (created_by, chat_id, text, entities, photo) VALUES ($1, $2, $3, $4, $5) RETURNING *",
        [d.createdBy, d.chatId, d.text, d.entities?.length ? JSON.stringify(d.entities) : null, d.photo ?? null],
      ))!;
    },

    async get(id: number): Promise<Broadcast | undefined> {
      return one(db, "SELECT * FROM broadcasts WHERE id = $1", [id]);
    },

    /** The draft `id` of `owner`, or `undefined` (someone else's, or already sent or dropped). */
    async draft(id: number, owner: number): Promise<Broadcast | undefined> {
      return one(db, "SELECT * FROM broadcasts WHERE id = $1 AND created_by = $2 AND state = 'draft'", [id, owner]);
    },

    /** Addresses a draft (and turns the paid option off: its cost depends on the audience). */
    async address(id: number, owner: number, a: Audience): Promise<Broadcast | undefined> {
      return one(
        db,
        "UPDATE broadcasts SET audience = $3, isp = $4, paid = false WHERE id = $1 AND created_by = $2 AND state = 'draft' RETURNING *",
        [id, owner, a.kind, a.kind === "isp" ? a.isp : null],
      );
    },

    /** Sets a draft's paid option. */
    async setPaid(id: number, owner: number, paid: boolean): Promise<Broadcast | undefined> {
      return one(db, "UPDATE broadcasts SET paid = $3 WHERE id = $1 AND created_by = $2 AND state = 'draft' RETURNING *", [id, owner, paid]);
    },

    /** Drops a draft; `false` when it was not an open draft of `owner`. */
    async drop(id: number, owner: number): Promise<boolean> {
      return (await one(db, "UPDATE broadcasts SET state = 'dropped' WHERE id = $1 AND created_by = $2 AND state = 'draft' RETURNING *", [id, owner])) !== undefined;
    },

    /** How many people an audience reaches now. */
    async audienceSize(a: Audience): Promise<number> {
      const [sql, params] = audienceSql(a);
      const r = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${sql}) x`, params);
      return r.rows[0]!.n;
    },

    /** The ISPs that have people to reach, most people first. */
    async ispAudiences(): Promise<Array<{ isp: string; people: number }>> {
      const r = await db.query<{ isp: string; people: number }>(
        `SELECT p.isp, count(*)::int AS people FROM (
           SELECT user_id, isp FROM saved_accounts UNION SELECT payer_user_id, isp FROM payments
         ) p
         WHERE NOT EXISTS (SELECT 1 FROM broadcast_mutes m WHERE m.user_id = p.user_id AND m.isp = p.isp) AND ${REACHABLE}
         GROUP BY p.isp ORDER BY people DESC, p.isp`,
      );
      return r.rows;
    },

    /**
     * Sends a draft of `owner`: it becomes `sending` and its audience, as it stands now, its
     * recipients, in one transaction. `undefined` when it is not an addressed draft of `owner` (so a
     * second press sends nothing more).
     */
    async start(id: number, owner: number, progressMessageId: number): Promise<Broadcast | undefined> {
      return db.transaction(async (tx) => {
        const b = await one(
          tx,
          `UPDATE broadcasts SET state = 'sending', started_at = now(), progress_message_id = $3, progress_at = now()
           WHERE id = $1 AND created_by = $2 AND state = 'draft' AND audience IS NOT NULL RETURNING *`,
          [id, owner, progressMessageId],
        );
        if (!b) return undefined;
        const [sql, params] = audienceSql(b.audience!, 1);
        await tx.query(`INSERT INTO broadcast_recipients (broadcast_id, user_id) SELECT $1::bigint, user_id FROM (${sql}) a ON CONFLICT DO NOTHING`, [id, ...params]);
        return one(tx, "UPDATE broadcasts SET total = (SELECT count(*) FROM broadcast_recipients WHERE broadcast_id = $1) WHERE id = $1 RETURNING *", [id]);
      });
    },

    /** Pending recipients with ids above `after`, in id order (at most `limit`). */
    async pending(id: number, after = 0, limit = 100_000_000): Promise<number[]> {
      const r = await db.query<{ user_id: number }>(
        "SELECT user_id FROM broadcast_recipients WHERE broadcast_id = $1 AND state = 'pending' AND user_id > $2 ORDER BY user_id LIMIT $3",
        [id, after, limit],
      );
      return r.rows.map((x) => Number(x.user_id));
    },

    /** Which of `userIds` are still pending. */
    async pendingAmong(id: number, userIds: number[]): Promise<Set<number>> {
      const r = await db.query<{ user_id: number }>(
        "SELECT user_id FROM broadcast_recipients WHERE broadcast_id = $1 AND user_id = ANY($2::bigint[]) AND state = 'pending'",
        [id, userIds],
      );
      return new Set(r.rows.map((x) => Number(x.user_id)));
    },

    /**
     * Records a recipient's outcome (once: only a pending recipient changes). A blocked one is also
     * marked in `bot_users`, so no later audience includes them until they /start again.
     */
    async record(id: number, userId: number, outcome: Outcome, attempts: number, error?: string): Promise<void> {
      const update =
        "UPDATE broadcast_recipients SET state = $3, attempts = $4, error = $5, done_at = now() WHERE broadcast_id = $1 AND user_id = $2 AND state = 'pending'";
      const params = [id, userId, outcome, attempts, error?.slice(0, 300) ?? null];
      if (outcome !== "blocked") await db.query(update, params);
      else
        await db.query(
          `WITH r AS (${update} RETURNING user_id)
           INSERT INTO bot_users (user_id, blocked_at) SELECT user_id, now() FROM r
           ON CONFLICT (user_id) DO UPDATE SET blocked_at = EXCLUDED.blocked_at`,
          params,
        );
    },

    /** Recipients by outcome. */
    async counts(id: number): Promise<Counts> {
      const r = await db.query<{ state: keyof Counts; n: number; recent: number }>(
        `SELECT state, count(*)::int AS n, count(*) FILTER (WHERE done_at > now() - make_interval(secs => $2))::int AS recent
         FROM broadcast_recipients WHERE broadcast_id = $1 GROUP BY state`,
        [id, RECENT_SECONDS],
      );
      const c: Counts = { pending: 0, sent: 0, blocked: 0, failed: 0, recent: 0 };
      for (const row of r.rows) {
        c[row.state] = row.n;
        c.recent += row.recent;
      }
      return c;
    },

    /** Broadcasts being sent or paused. */
    async open(): Promise<Broadcast[]> {
      return (await db.query<Row>("SELECT * FROM broadcasts WHERE state IN ('sending', 'paused') ORDER BY id")).rows.map(toBroadcast);
    },

    /** Moves a broadcast from one of `from` to `to`; the broadcast as it is then, or `undefined`. */
    async move(id: number, from: BroadcastState[], to: BroadcastState): Promise<Broadcast | undefined> {
      const finished = to === "done" || to === "cancelled" ? ", finished_at = now()" : "";
      return one(db, `UPDATE broadcasts SET state = $3${finished} WHERE id = $1 AND state = ANY($2::text[]) RETURNING *`, [id, from, to]);
    },

    /**
     * A press of Cancel: `true` when it is the second within the confirmation time (cancel now);
     * otherwise it is remembered as the first.
     */
    async confirmCancel(id: number): Promise<boolean> {
      // The row's lock orders two presses; the second sees the first's time.
      const r = await db.query<{ confirmed: boolean }>(
        `UPDATE broadcasts SET cancel_asked_at = CASE WHEN cancel_asked_at > now() - make_interval(secs => $2) THEN NULL ELSE now() END
         WHERE id = $1 RETURNING cancel_asked_at IS NULL AS confirmed`,
        [id, CANCEL_CONFIRM_SECONDS],
      );
      return r.rows[0]?.confirmed ?? false;
    },

    /** Marks a sending broadcast with no recipient left done; the broadcast, once, or `undefined`. */
    async finish(id: number): Promise<Broadcast | undefined> {
      return one(
        db,
        `UPDATE broadcasts SET state = 'done', finished_at = now() WHERE id = $1 AND state = 'sending'
           AND NOT EXISTS (SELECT 1 FROM broadcast_recipients WHERE broadcast_id = $1 AND state = 'pending') RETURNING *`,
        [id],
      );
    },

    /** Claims the next progress edit: `true` at most once every `seconds`, across processes. */
    async claimProgress(id: number, seconds: number): Promise<boolean> {
      const r = await db.query(
        "UPDATE broadcasts SET progress_at = now() WHERE id = $1 AND (progress_at IS NULL OR progress_at <= now() - make_interval(secs => $2)) RETURNING id",
        [id, seconds],
      );
      return r.rows.length > 0;
    },

    /** An edit made outside the schedule (a button): the next scheduled one comes a full interval later. */
    async progressShown(id: number): Promise<void> {
      await db.query("UPDATE broadcasts SET progress_at = now() WHERE id = $1", [id]);
    },

    /** Every recipient was put on the queue. */
    async markQueued(id: number): Promise<void> {
      await db.query("UPDATE broadcasts SET queued_at = now() WHERE id = $1", [id]);
    },

    /**
     * Whether the recipients of a sending broadcast may be put on the queue again now: it was queued
     * (or its queueing began over a minute ago), and nobody did so in the last `seconds`.
     */
    async claimRequeue(id: number, seconds: number): Promise<boolean> {
      const r = await db.query(
        `UPDATE broadcasts SET requeued_at = now() WHERE id = $1 AND state = 'sending'
           AND (queued_at IS NOT NULL OR started_at < now() - interval '60 seconds')
           AND (requeued_at IS NULL OR requeued_at <= now() - make_interval(secs => $2)) RETURNING id`,
        [id, seconds],
      );
      return r.rows.length > 0;
    },

    /** Finished broadcasts whose queue may still hold keys. */
    async uncleared(): Promise<number[]> {
      const r = await db.query<{ id: number }>("SELECT id FROM broadcasts WHERE state IN ('done', 'cancelled') AND NOT queue_cleared");
      return r.rows.map((x) => Number(x.id));
    },

    /** Marks a finished broadcast's queue cleared: the broadcast, once (its final report is due), or `undefined`. */
    async markCleared(id: number): Promise<Broadcast | undefined> {
      return one(db, "UPDATE broadcasts SET queue_cleared = true WHERE id = $1 AND NOT queue_cleared RETURNING *", [id]);
    },

    /** Finished broadcasts, reported, whose progress message does not show the end yet. */
    async unshownEnds(): Promise<number[]> {
      const r = await db.query<{ id: number }>("SELECT id FROM broadcasts WHERE state IN ('done', 'cancelled') AND queue_cleared AND NOT progress_final");
      return r.rows.map((x) => Number(x.id));
    },

    /** Marks the end shown: the broadcast, once (its progress message is to show it), or `undefined`. */
    async markEndShown(id: number): Promise<Broadcast | undefined> {
      return one(db, "UPDATE broadcasts SET progress_final = true WHERE id = $1 AND NOT progress_final RETURNING *", [id]);
    },

    /** Whether `userId` was a recipient of broadcast `id`. */
    async isRecipient(id: number, userId: number): Promise<boolean> {
      const r = await db.query("SELECT 1 FROM broadcast_recipients WHERE broadcast_id = $1 AND user_id = $2", [id, userId]);
      return r.rows.length > 0;
    },

    /** A customer's notices about `isp`: muted (left out of ISP audiences) or not. */
    async setMuted(userId: number, isp: string, muted: boolean): Promise<void> {
      if (muted) await db.query("INSERT INTO broadcast_mutes (user_id, isp) VALUES ($1, $2) ON CONFLICT DO NOTHING", [userId, isp]);
      else await db.query("DELETE FROM broadcast_mutes WHERE user_id = $1 AND isp = $2", [userId, isp]);
    },
  };
}

/** The broadcasts store. */
export type BroadcastStore = ReturnType<typeof createBroadcastStore>;
