-- What the bot keeps between taps, server-side (callback data only carries an opaque draft id).
--
-- These tables were made by the money set's 002_bot.sql until the store got a set of its own. A
-- database migrated before then has 002_bot.sql recorded and the tables in place: IF NOT EXISTS
-- makes this file a no-op there (it is still recorded, as store/001_drafts_accounts.sql). A new
-- database never sees 002_bot.sql (the file is gone) and gets the tables from here.

-- One renewal in progress: the looked-up account and what was chosen. The intent key is made when
-- the confirmation is shown, so a double-tapped Pay pays once.
CREATE TABLE IF NOT EXISTS renewal_drafts (
  id             text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{8,24}$'),
  user_id        bigint NOT NULL,
  chat_id        bigint NOT NULL,
  isp            text NOT NULL,
  account        text NOT NULL,
  lookup         jsonb,
  option_key     text,
  intent_key     text UNIQUE,
  invoice_paisa  bigint,
  state          text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'confirming', 'paying', 'done', 'cancelled')),
  payment_id     bigint REFERENCES payments (id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS renewal_drafts_user ON renewal_drafts (user_id, created_at DESC);

-- Accounts a user saved under a name, to renew in two taps.
CREATE TABLE IF NOT EXISTS saved_accounts (
  id          bigserial PRIMARY KEY,
  user_id     bigint NOT NULL,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
  isp         text NOT NULL,
  account     text NOT NULL,
  connection  text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  UNIQUE (user_id, name)
);
CREATE UNIQUE INDEX IF NOT EXISTS saved_accounts_once ON saved_accounts (user_id, isp, account, COALESCE(connection, ''));
