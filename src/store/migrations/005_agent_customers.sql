-- Agents' side of the store: who a renewal is paid for, the agents' address books, the
-- confirmations agents and admins are shown (cash-ins, commission rates), and which customers got
-- the receipt of a payment made for them.

-- A renewal draft made by an agent for a customer: who (name, phone, a shared contact's user id,
-- the saved customer); NULL for a user's own renewal. The payment draws from the agent's float.
ALTER TABLE renewal_drafts ADD COLUMN IF NOT EXISTS customer jsonb;

-- An agent's saved customers: one tap renews.
CREATE TABLE IF NOT EXISTS agent_customers (
  id               bigserial PRIMARY KEY,
  agent_user_id    bigint NOT NULL,
  name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  isp              text NOT NULL,
  account          text NOT NULL,
  connection       text,
  phone            text CHECK (phone IS NULL OR phone ~ '^\+?[0-9]{7,15}$'),
  contact_user_id  bigint,          -- from a shared contact: where receipts go, nothing more
  created_at       timestamptz NOT NULL DEFAULT now(),
  last_used_at     timestamptz
);
CREATE UNIQUE INDEX IF NOT EXISTS agent_customers_once ON agent_customers (agent_user_id, isp, account, COALESCE(connection, ''));
CREATE INDEX IF NOT EXISTS agent_customers_recent ON agent_customers (agent_user_id, last_used_at DESC NULLS LAST, id);

-- A confirmation on screen (a cash-in, a commission rate): its button carries only this random id;
-- what it does is read from here, for the user it was shown to, once.
CREATE TABLE IF NOT EXISTS agent_confirmations (
  id          text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{8,24}$'),
  kind        text NOT NULL CHECK (kind IN ('cashin', 'commission')),
  user_id     bigint NOT NULL,
  payload     jsonb NOT NULL,
  state       text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'used', 'cancelled')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  decided_at  timestamptz
);

-- Receipts delivered to the customer an agent paid for (a shared contact's Telegram user): once each.
CREATE TABLE IF NOT EXISTS customer_receipts (
  payment_id    bigint PRIMARY KEY REFERENCES payments (id),
  to_user_id    bigint NOT NULL,
  delivered_at  timestamptz NOT NULL DEFAULT now()
);
