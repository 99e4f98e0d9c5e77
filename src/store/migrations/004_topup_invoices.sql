-- Every invoice the bot issued for a wallet top-up: a successful payment is credited only when its
-- payload names one of these, issued to the payer, in its currency and for exactly its amount.
CREATE TABLE IF NOT EXISTS topup_invoices (
  id            text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{8,24}$'),
  user_id       bigint NOT NULL,
  chat_id       bigint NOT NULL,
  draft_id      text,                -- the renewal that goes on once it is paid
  currency      text NOT NULL,
  amount_paisa  bigint NOT NULL CHECK (amount_paisa > 0),
  state         text NOT NULL DEFAULT 'issued' CHECK (state IN ('issued', 'paid')),
  charge_id     text UNIQUE,
  created_at    timestamptz NOT NULL DEFAULT now(),
  paid_at       timestamptz
);
CREATE INDEX IF NOT EXISTS topup_invoices_user ON topup_invoices (user_id, created_at DESC);
