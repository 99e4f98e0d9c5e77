-- Broadcasts: notices an admin sends to many people at once, each recipient's outcome kept here so a
-- broadcast resumes after a crash or restart without sending again to anyone recorded as sent.

-- Everyone the bot knows: the audience "everyone". A process writes a user the first time it sees
-- them (and on every /start, which also clears `blocked_at`); the people the database already knew
-- of are added here.
CREATE TABLE IF NOT EXISTS bot_users (
  user_id     bigint PRIMARY KEY,
  first_seen  timestamptz NOT NULL DEFAULT now(),
  blocked_at  timestamptz          -- a notice was answered 403: the user blocked the bot
);
INSERT INTO bot_users (user_id)
  SELECT user_id FROM saved_accounts
  UNION SELECT user_id FROM renewal_drafts
  UNION SELECT payer_user_id FROM payments
  UNION SELECT user_id FROM topup_invoices
  UNION SELECT user_id FROM agents
  UNION SELECT user_id FROM agent_requests
ON CONFLICT DO NOTHING;

-- A notice: written (draft), sent (sending, paused), then done or cancelled; a draft never sent is
-- dropped. Its audience is everyone, the active agents, or the people of one ISP.
CREATE TABLE IF NOT EXISTS broadcasts (
  id                  bigserial PRIMARY KEY,
  created_by          bigint NOT NULL,
  chat_id             bigint NOT NULL,
  text                text NOT NULL DEFAULT '',     -- the notice, or the photo's caption
  entities            jsonb,                        -- its formatting (Telegram's message entities)
  photo               text,                         -- a photo's file id
  audience            text CHECK (audience IN ('all', 'agents', 'isp')),
  isp                 text,
  paid                boolean NOT NULL DEFAULT false,  -- sent with allow_paid_broadcast
  state               text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'sending', 'paused', 'done', 'cancelled', 'dropped')),
  total               integer NOT NULL DEFAULT 0,
  progress_message_id bigint,                       -- the one progress message, in chat_id
  progress_at         timestamptz,                  -- its last edit (edited at most every 5 s)
  cancel_asked_at     timestamptz,                  -- Cancel pressed once: a second press within 10 s cancels
  queued_at           timestamptz,                  -- every recipient was put on the queue
  requeued_at         timestamptz,                  -- the last time recipients lost from the queue were put back
  queue_cleared       boolean NOT NULL DEFAULT false,  -- over: its queue's keys were removed, its report sent
  progress_final      boolean NOT NULL DEFAULT false,  -- over: its progress message shows the end
  created_at          timestamptz NOT NULL DEFAULT now(),
  started_at          timestamptz,
  finished_at         timestamptz,
  CHECK ((audience = 'isp') = (isp IS NOT NULL)),
  CHECK (state IN ('draft', 'dropped') OR audience IS NOT NULL)
);
CREATE INDEX IF NOT EXISTS broadcasts_open ON broadcasts (state)
  WHERE state IN ('sending', 'paused') OR (state IN ('done', 'cancelled') AND NOT progress_final);

-- Who gets a broadcast, and what came of it: pending until a send is answered (sent), refused
-- with 403 (blocked) or failed for good (failed, with Telegram's words).
CREATE TABLE IF NOT EXISTS broadcast_recipients (
  broadcast_id  bigint NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
  user_id       bigint NOT NULL,
  state         text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'blocked', 'failed')),
  attempts      smallint NOT NULL DEFAULT 0,
  error         text,
  done_at       timestamptz,
  PRIMARY KEY (broadcast_id, user_id)
);
CREATE INDEX IF NOT EXISTS broadcast_recipients_state ON broadcast_recipients (broadcast_id, state);

-- Notices about an ISP a customer no longer uses: audiences by ISP leave them out.
CREATE TABLE IF NOT EXISTS broadcast_mutes (
  user_id   bigint NOT NULL,
  isp       text NOT NULL,
  muted_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, isp)
);
