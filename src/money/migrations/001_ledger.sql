-- The money core: accounts, a double-entry journal, holds, payments and their history.
-- Invariants live here, not only in code:
--   * every journal entry's lines sum to zero (deferred constraint trigger);
--   * an account that may not go negative never has balance - held < 0 (CHECK);
--   * balances and held amounts are maintained by triggers from journal lines and holds;
--   * a hold goes open -> settled | released, never back, never both;
--   * a payment moves only along created -> submitted -> succeeded | failed | pending,
--     pending -> succeeded | failed.

CREATE TABLE accounts (
  id             text PRIMARY KEY,                 -- wallet:<user>, float:<agent>, clearing:<aggregator>, source:<name>
  kind           text NOT NULL CHECK (kind IN ('wallet', 'float', 'clearing', 'source')),
  owner_user_id  bigint,
  allow_negative boolean NOT NULL DEFAULT false,
  balance_paisa  bigint NOT NULL DEFAULT 0,
  held_paisa     bigint NOT NULL DEFAULT 0 CHECK (held_paisa >= 0),
  created_at     timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT accounts_not_overdrawn CHECK (allow_negative OR balance_paisa - held_paisa >= 0)
);

CREATE TABLE journal_entries (
  id          bigserial PRIMARY KEY,
  kind        text NOT NULL CHECK (kind IN ('grant', 'topup', 'settle', 'adjust')),
  payment_id  bigint,
  external_id text,                                  -- e.g. a Telegram charge id: credited once
  actor       text NOT NULL,
  memo        text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (kind, external_id)
);

CREATE TABLE journal_lines (
  id           bigserial PRIMARY KEY,
  entry_id     bigint NOT NULL REFERENCES journal_entries (id),
  account_id   text NOT NULL REFERENCES accounts (id),
  amount_paisa bigint NOT NULL CHECK (amount_paisa <> 0)
);
CREATE INDEX journal_lines_account ON journal_lines (account_id, id);
CREATE INDEX journal_lines_entry ON journal_lines (entry_id);

CREATE FUNCTION journal_line_applied() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE accounts SET balance_paisa = balance_paisa + NEW.amount_paisa WHERE id = NEW.account_id;
  RETURN NEW;
END $$;
CREATE TRIGGER journal_line_applied AFTER INSERT ON journal_lines
  FOR EACH ROW EXECUTE FUNCTION journal_line_applied();

CREATE FUNCTION journal_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'journal lines are append-only';
END $$;
CREATE TRIGGER journal_immutable BEFORE UPDATE OR DELETE ON journal_lines
  FOR EACH ROW EXECUTE FUNCTION journal_immutable();

CREATE FUNCTION journal_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE total bigint;
BEGIN
  SELECT COALESCE(SUM(amount_paisa), 0) INTO total FROM journal_lines WHERE entry_id = NEW.entry_id;
  IF total <> 0 THEN
    RAISE EXCEPTION 'journal entry % does not balance (sum %)', NEW.entry_id, total
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER journal_entry_balanced AFTER INSERT ON journal_lines
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_entry_balanced();

CREATE TABLE payments (
  id                bigserial PRIMARY KEY,
  reference         text NOT NULL UNIQUE CHECK (reference ~ '^[A-Za-z0-9]{1,50}$'),
  intent_key        text NOT NULL UNIQUE CHECK (length(intent_key) BETWEEN 1 AND 200),
  payer_user_id     bigint NOT NULL,
  payer_account_id  text NOT NULL REFERENCES accounts (id),
  beneficiary       text NOT NULL DEFAULT 'self',  -- 'self', or who an agent paid for
  isp               text NOT NULL,
  account           text NOT NULL,
  connection        text,
  customer_name     text,
  option_key        text NOT NULL,
  option_label      text NOT NULL,
  amount_paisa      bigint NOT NULL CHECK (amount_paisa > 0),
  breakdown         jsonb,
  route             jsonb NOT NULL,
  lookup            jsonb NOT NULL,
  state             text NOT NULL CHECK (state IN ('created', 'submitted', 'succeeded', 'failed', 'pending')),
  upstream_id       text,
  upstream_message  text,
  unknown_checks    integer NOT NULL DEFAULT 0,
  next_check_at     timestamptz,
  needs_admin       boolean NOT NULL DEFAULT false,
  notified_at       timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payments_pending ON payments (next_check_at) WHERE state = 'pending';
CREATE INDEX payments_submitted ON payments (updated_at) WHERE state = 'submitted';
CREATE INDEX payments_payer ON payments (payer_user_id, id DESC);

CREATE FUNCTION payment_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.state IS DISTINCT FROM OLD.state AND NOT (
       (OLD.state = 'created'   AND NEW.state IN ('submitted', 'failed'))
    OR (OLD.state = 'submitted' AND NEW.state IN ('succeeded', 'failed', 'pending'))
    OR (OLD.state = 'pending'   AND NEW.state IN ('succeeded', 'failed'))
  ) THEN
    RAISE EXCEPTION 'payment %: % -> % is not allowed', OLD.id, OLD.state, NEW.state
      USING ERRCODE = 'check_violation';
  END IF;
  IF OLD.reference <> NEW.reference OR OLD.amount_paisa <> NEW.amount_paisa
     OR OLD.payer_account_id <> NEW.payer_account_id OR OLD.intent_key <> NEW.intent_key THEN
    RAISE EXCEPTION 'payment %: reference, amount, payer and intent are fixed', OLD.id;
  END IF;
  NEW.updated_at := now();
  RETURN NEW;
END $$;
CREATE TRIGGER payment_transition BEFORE UPDATE ON payments
  FOR EACH ROW EXECUTE FUNCTION payment_transition();

CREATE TABLE payment_events (
  id          bigserial PRIMARY KEY,
  payment_id  bigint NOT NULL REFERENCES payments (id),
  from_state  text,
  to_state    text NOT NULL,
  cause       text NOT NULL,
  actor       text NOT NULL,
  message     text,
  raw         jsonb,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payment_events_payment ON payment_events (payment_id, id);

CREATE TABLE holds (
  id            bigserial PRIMARY KEY,
  account_id    text NOT NULL REFERENCES accounts (id),
  payment_id    bigint NOT NULL UNIQUE REFERENCES payments (id),
  amount_paisa  bigint NOT NULL CHECK (amount_paisa > 0),
  state         text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'settled', 'released')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  closed_at     timestamptz
);

CREATE FUNCTION hold_applied() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.state <> 'open' THEN RAISE EXCEPTION 'a hold starts open'; END IF;
    UPDATE accounts SET held_paisa = held_paisa + NEW.amount_paisa WHERE id = NEW.account_id;
  ELSE
    IF OLD.state <> 'open' OR NEW.state = 'open' OR NEW.amount_paisa <> OLD.amount_paisa
       OR NEW.account_id <> OLD.account_id THEN
      RAISE EXCEPTION 'hold %: % -> % is not allowed', OLD.id, OLD.state, NEW.state
        USING ERRCODE = 'check_violation';
    END IF;
    UPDATE accounts SET held_paisa = held_paisa - OLD.amount_paisa WHERE id = OLD.account_id;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER hold_applied AFTER INSERT OR UPDATE ON holds
  FOR EACH ROW EXECUTE FUNCTION hold_applied();

CREATE TABLE receipts (
  number      bigserial PRIMARY KEY,
  payment_id  bigint NOT NULL UNIQUE REFERENCES payments (id),
  issued_at   timestamptz NOT NULL DEFAULT now()
);
