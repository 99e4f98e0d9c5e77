-- What admins' commands keep (not money: grants themselves are journal entries).

-- Users' first names as the bot last saw them (shown to admins next to an id, e.g. on /credit).
-- Written when a user's name first appears or changes, not on every update.
CREATE TABLE IF NOT EXISTS user_names (
  user_id     bigint PRIMARY KEY,
  first_name  text NOT NULL CHECK (length(first_name) BETWEEN 1 AND 64),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- A /credit waiting for its admin's confirmation. The button carries only the id; the rest is
-- read here when it is pressed: only its admin, once, before it expires. The grant it makes is
-- once per id in the ledger (its external id), so a repeated press cannot credit twice.
CREATE TABLE IF NOT EXISTS pending_credits (
  id            text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{8,24}$'),
  admin_id      bigint NOT NULL,
  user_id       bigint NOT NULL,
  amount_paisa  bigint NOT NULL CHECK (amount_paisa > 0),
  account_kind  text NOT NULL CHECK (account_kind IN ('wallet', 'float')),
  note          text CHECK (note IS NULL OR length(note) <= 200),
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  state         text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done', 'cancelled')),
  decided_at    timestamptz
);
CREATE INDEX IF NOT EXISTS pending_credits_created ON pending_credits (created_at);

-- Warnings to admins that repeat at most every so often (e.g. an aggregator's credit running low):
-- one row per warning while it stands; removed when the condition clears.
CREATE TABLE IF NOT EXISTS admin_alerts (
  key      text PRIMARY KEY,
  sent_at  timestamptz NOT NULL DEFAULT now()
);
