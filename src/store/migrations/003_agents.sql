-- Agents: shops and field staff who pay for customers from a float. Added and removed by admins (or
-- approved from a request); a removed agent keeps their history and loses access at once.
CREATE TABLE IF NOT EXISTS agents (
  user_id     bigint PRIMARY KEY,
  shop_name   text CHECK (shop_name IS NULL OR length(shop_name) BETWEEN 1 AND 60),
  active      boolean NOT NULL DEFAULT true,
  added_by    text NOT NULL,
  added_at    timestamptz NOT NULL DEFAULT now(),
  removed_by  text,
  removed_at  timestamptz
);

-- Requests to become an agent (/become_agent), decided by an admin.
CREATE TABLE IF NOT EXISTS agent_requests (
  id          bigserial PRIMARY KEY,
  user_id     bigint NOT NULL,
  first_name  text,
  shop_name   text NOT NULL CHECK (length(shop_name) BETWEEN 1 AND 60),
  state       text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'approved', 'declined')),
  decided_by  text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  decided_at  timestamptz
);
CREATE UNIQUE INDEX IF NOT EXISTS agent_requests_one_open ON agent_requests (user_id) WHERE state = 'open';
