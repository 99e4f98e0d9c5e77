-- Agents' money: commission rates, payments made for a customer from an agent's float (with the
-- limits counted atomically), cash-ins from a float to a customer's wallet, and the commission
-- credited when such a payment succeeds. Every journal entry still goes through post_entry.

-- Commission rates per ISP, in basis points (1% = 100), set by admins. Append-only: the rate of an
-- ISP is its latest row (none: 0); the history says who set what and when.
CREATE TABLE commission_rates (
  id       bigserial PRIMARY KEY,
  isp      text NOT NULL CHECK (isp ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  rate_bp  integer NOT NULL CHECK (rate_bp BETWEEN 0 AND 10000),
  set_by   text NOT NULL,
  set_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX commission_rates_isp ON commission_rates (isp, id DESC);

-- A payment an agent makes for a customer, claimed before the payment is reserved (keyed by the
-- payment's intent key): who the customer is, and the commission rate fixed at that moment. The
-- Telegram user id of a shared contact is recorded only to send that person the receipt; it never
-- decides who pays or who is paid.
CREATE TABLE agent_payments (
  intent_key        text PRIMARY KEY,
  agent_user_id     bigint NOT NULL,
  isp               text NOT NULL,
  amount_paisa      bigint NOT NULL CHECK (amount_paisa > 0),
  commission_bp     integer NOT NULL CHECK (commission_bp BETWEEN 0 AND 10000),
  customer_label    text NOT NULL CHECK (length(customer_label) BETWEEN 1 AND 120),
  customer_phone    text,
  customer_user_id  bigint,
  saved_customer_id bigint,
  created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX agent_payments_agent_day ON agent_payments (agent_user_id, created_at);
CREATE INDEX agent_payments_customer_user ON agent_payments (customer_user_id) WHERE customer_user_id IS NOT NULL;

-- Claims a payment for a customer against the agent's limits. The agent's claims queue on an
-- advisory lock, so each sees every claim before it (two concurrent claims never both pass a limit).
-- The day's use counts every claim of the window whose payment did not fail (succeeded, in flight,
-- or not stored yet). A key claimed before is answered 'existing' and counted once.
-- Returns the outcome ('claimed', 'existing', 'over-transaction', 'over-day'), the day's use before
-- this claim and the commission rate fixed for it.
CREATE FUNCTION claim_agent_payment(
  p_intent_key text, p_agent bigint, p_isp text, p_amount bigint, p_label text, p_phone text, p_customer_user bigint,
  p_saved_customer bigint, p_max bigint, p_day_max bigint, p_day_start timestamptz, p_day_end timestamptz)
RETURNS TABLE (outcome text, used_paisa bigint, commission_bp integer)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  a agent_payments%ROWTYPE;
BEGIN
  PERFORM pg_advisory_xact_lock(7351008, hashtext('agent-pay:' || p_agent::text));
  SELECT * INTO a FROM agent_payments WHERE intent_key = p_intent_key;
  IF FOUND THEN
    outcome := 'existing'; used_paisa := 0; commission_bp := a.commission_bp; RETURN NEXT; RETURN;
  END IF;
  SELECT COALESCE(SUM(ap.amount_paisa), 0) INTO used_paisa
    FROM agent_payments ap LEFT JOIN payments p ON p.intent_key = ap.intent_key
   WHERE ap.agent_user_id = p_agent AND ap.created_at >= p_day_start AND ap.created_at < p_day_end
     AND p.state IS DISTINCT FROM 'failed';
  commission_bp := 0;
  IF p_amount > p_max THEN
    outcome := 'over-transaction'; RETURN NEXT; RETURN;
  END IF;
  IF used_paisa + p_amount > p_day_max THEN
    outcome := 'over-day'; RETURN NEXT; RETURN;
  END IF;
  SELECT COALESCE((SELECT r.rate_bp FROM commission_rates r WHERE r.isp = p_isp ORDER BY r.id DESC LIMIT 1), 0) INTO commission_bp;
  INSERT INTO agent_payments (intent_key, agent_user_id, isp, amount_paisa, commission_bp, customer_label, customer_phone,
                              customer_user_id, saved_customer_id)
  VALUES (p_intent_key, p_agent, p_isp, p_amount, commission_bp, p_label, p_phone, p_customer_user, p_saved_customer);
  outcome := 'claimed'; RETURN NEXT;
END $$;

-- When a payment for a customer succeeds (whoever applies the outcome: the commit's answer,
-- reconciliation or an admin), the agent's commission is credited to their float in the same
-- transaction: floor(amount x rate / 10000) paisa from source:agent-commissions, once per payment
-- (a payment reaches succeeded once, and the entry's external id is the payment's). Nothing is
-- credited while a payment is pending, nor when it fails.
CREATE FUNCTION agent_commission_on_success() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  a agent_payments%ROWTYPE;
  amount bigint;
BEGIN
  SELECT * INTO a FROM agent_payments WHERE intent_key = NEW.intent_key;
  IF NOT FOUND OR a.commission_bp = 0 OR NEW.payer_account_id <> 'float:' || a.agent_user_id THEN
    RETURN NULL;
  END IF;
  amount := (NEW.amount_paisa * a.commission_bp) / 10000;  -- integer division: floor for positive amounts
  IF amount > 0 THEN
    PERFORM post_entry('commission', NEW.id, 'payment:' || NEW.id, 'system:commission',
      'commission ' || trim(to_char(a.commission_bp / 100.0, 'FM990.00')) || '% of ' || NEW.reference,
      jsonb_build_array(
        jsonb_build_object('account_id', NEW.payer_account_id, 'amount_paisa', amount),
        jsonb_build_object('account_id', 'source:agent-commissions', 'amount_paisa', -amount)));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER payment_agent_commission AFTER UPDATE OF state ON payments
  FOR EACH ROW WHEN (NEW.state = 'succeeded' AND OLD.state IS DISTINCT FROM 'succeeded')
  EXECUTE FUNCTION agent_commission_on_success();

-- A cash-in: money from an agent's float to a customer's wallet, one journal entry of kind
-- 'cashin', once per external id (the confirmation it was made from). The customer's cash-ins of
-- the Nepal day (from any agent) queue on an advisory lock of that customer, so two concurrent
-- cash-ins never both pass the daily limit.
-- Returns the outcome ('done', 'repeated', 'self', 'over-transaction', 'over-day', 'short'), the
-- entry's id and the customer's cash-ins of the day before this one.
CREATE FUNCTION agent_cashin(
  p_agent bigint, p_customer bigint, p_amount bigint, p_max bigint, p_day_max bigint,
  p_day_start timestamptz, p_day_end timestamptz, p_external_id text, p_actor text, p_memo text)
RETURNS TABLE (outcome text, entry_id bigint, used_paisa bigint)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  available bigint;
BEGIN
  used_paisa := 0;
  SELECT e.id INTO entry_id FROM journal_entries e WHERE e.kind = 'cashin' AND e.external_id = p_external_id;
  IF FOUND THEN
    outcome := 'repeated'; RETURN NEXT; RETURN;
  END IF;
  IF p_agent = p_customer THEN
    outcome := 'self'; RETURN NEXT; RETURN;
  END IF;
  IF p_amount > p_max THEN
    outcome := 'over-transaction'; RETURN NEXT; RETURN;
  END IF;
  PERFORM pg_advisory_xact_lock(7351009, hashtext('cashin:' || p_customer::text));
  SELECT COALESCE(SUM(l.amount_paisa), 0) INTO used_paisa
    FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
   WHERE l.account_id = 'wallet:' || p_customer AND e.kind = 'cashin'
     AND e.created_at >= p_day_start AND e.created_at < p_day_end;
  IF used_paisa + p_amount > p_day_max THEN
    outcome := 'over-day'; RETURN NEXT; RETURN;
  END IF;
  SELECT balance_paisa - held_paisa INTO available FROM accounts WHERE id = 'float:' || p_agent FOR UPDATE;
  IF available IS NULL OR available < p_amount THEN
    outcome := 'short'; RETURN NEXT; RETURN;
  END IF;
  entry_id := post_entry('cashin', NULL, p_external_id, p_actor, p_memo,
    jsonb_build_array(
      jsonb_build_object('account_id', 'wallet:' || p_customer, 'amount_paisa', p_amount),
      jsonb_build_object('account_id', 'float:' || p_agent, 'amount_paisa', -p_amount)));
  outcome := CASE WHEN entry_id IS NULL THEN 'repeated' ELSE 'done' END;
  RETURN NEXT;
END $$;
