-- One write path into the journal. Every entry, whoever makes it (a grant or top-up from the
-- program, a settlement inside apply_payment_outcome, and the floats, cash-ins, commissions and
-- reversals to come), is posted by post_entry, which holds the ledger's rules once:
--   * the accounts named are made when missing: wallet:<user> and float:<user> may not go below
--     zero, clearing:<aggregator> and source:<name> may;
--   * an entry with an external id is posted once per (kind, external id): a repeat returns NULL;
--   * every line is a whole, non-zero number of paisa, there are at least two, and they sum to zero
--     (the deferred trigger of migration 001 still checks the sum at commit);
--   * credits are written before debits, so the overdraft CHECK never sees a debit whose credit is
--     still to come.
-- It returns the entry's id. Nothing else inserts into journal_entries or journal_lines.

ALTER TABLE journal_entries DROP CONSTRAINT journal_entries_kind_check;
ALTER TABLE journal_entries ADD CONSTRAINT journal_entries_kind_check
  CHECK (kind IN ('grant', 'topup', 'settle', 'adjust', 'float', 'cashin', 'commission', 'reversal'));

-- p_lines: a JSON array of {"account_id": "wallet:42", "amount_paisa": 50000}.
CREATE FUNCTION post_entry(p_kind text, p_payment_id bigint, p_external_id text, p_actor text, p_memo text, p_lines jsonb)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  l record;
  n integer := 0;
  total numeric := 0;
  entry bigint;
BEGIN
  IF jsonb_typeof(p_lines) IS DISTINCT FROM 'array' THEN
    RAISE EXCEPTION 'journal entry: lines must be a JSON array' USING ERRCODE = 'check_violation';
  END IF;
  FOR l IN SELECT e->>'account_id' AS account_id, (e->>'amount_paisa')::numeric AS amount_paisa
             FROM jsonb_array_elements(p_lines) e LOOP
    IF l.account_id IS NULL OR l.account_id !~ '^((wallet|float):-?[0-9]{1,18}|(clearing|source):[a-z0-9][a-z0-9_-]*)$' THEN
      RAISE EXCEPTION 'journal entry: "%" is not an account', l.account_id USING ERRCODE = 'check_violation';
    END IF;
    IF l.amount_paisa IS NULL OR l.amount_paisa = 0 OR l.amount_paisa <> trunc(l.amount_paisa) THEN
      RAISE EXCEPTION 'journal entry: a line of % is not a whole, non-zero number of paisa', COALESCE(l.amount_paisa::text, 'nothing')
        USING ERRCODE = 'check_violation';
    END IF;
    n := n + 1;
    total := total + l.amount_paisa;
  END LOOP;
  IF n < 2 OR total <> 0 THEN
    RAISE EXCEPTION 'journal entry does not balance (% lines, sum %)', n, total USING ERRCODE = 'check_violation';
  END IF;

  -- Only missing accounts are inserted: an existing row (a clearing account every settlement
  -- names) is neither written nor locked.
  INSERT INTO accounts (id, kind, owner_user_id, allow_negative)
  SELECT DISTINCT a.id, a.kind, CASE WHEN a.kind IN ('wallet', 'float') THEN split_part(a.id, ':', 2)::bigint END,
         a.kind NOT IN ('wallet', 'float')
    FROM (SELECT e->>'account_id' AS id, split_part(e->>'account_id', ':', 1) AS kind FROM jsonb_array_elements(p_lines) e) a
   WHERE NOT EXISTS (SELECT 1 FROM accounts x WHERE x.id = a.id)
  ON CONFLICT (id) DO NOTHING;

  INSERT INTO journal_entries (kind, payment_id, external_id, actor, memo)
  VALUES (p_kind, p_payment_id, p_external_id, p_actor, p_memo)
  ON CONFLICT (kind, external_id) DO NOTHING
  RETURNING id INTO entry;
  IF entry IS NULL THEN
    RETURN NULL;
  END IF;

  FOR l IN SELECT e.value->>'account_id' AS account_id, (e.value->>'amount_paisa')::bigint AS amount_paisa
             FROM jsonb_array_elements(p_lines) WITH ORDINALITY AS e (value, ord)
            ORDER BY 2 DESC, e.ord LOOP
    INSERT INTO journal_lines (entry_id, account_id, amount_paisa) VALUES (entry, l.account_id, l.amount_paisa);
  END LOOP;
  RETURN entry;
END $$;

-- Migration 004's function, the same but for the settlement, which now goes through post_entry
-- (which also makes the clearing account of a new aggregator).
CREATE OR REPLACE FUNCTION apply_payment_outcome(
  p_id bigint, p_state text, p_upstream_id text, p_message text, p_cause text, p_actor text, p_raw jsonb,
  p_retry_after_seconds double precision, p_max_unknown_checks integer)
RETURNS TABLE (from_state text, changed boolean, payment payments, receipt_number bigint, receipt_issued_at timestamptz)
LANGUAGE plpgsql AS $$
DECLARE
  p payments%ROWTYPE;
  checks integer;
  flag boolean;
  to_state text;
  closed integer;
BEGIN
  -- The payer's account is locked with the payment, before the payment row changes: a concurrent
  -- reservation of the same intent holds that account while it waits on this payment's row.
  SELECT pm.* INTO p FROM payments pm JOIN accounts a ON a.id = pm.payer_account_id WHERE pm.id = p_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no payment %', p_id;
  END IF;
  from_state := p.state;
  IF p.state NOT IN ('submitted', 'pending') THEN
    changed := false;
    payment := p;
    RETURN NEXT;
    RETURN;
  END IF;

  IF p_state = 'pending' THEN
    checks := CASE WHEN p.state = 'pending' THEN p.unknown_checks + 1 ELSE 0 END;
    flag := p.state = 'pending' AND checks >= p_max_unknown_checks;
    UPDATE payments SET state = 'pending', unknown_checks = checks, needs_admin = needs_admin OR flag,
           next_check_at = now() + make_interval(secs => least(p_retry_after_seconds * 2 ^ checks, 6 * 3600)),
           upstream_message = p_message
     WHERE id = p_id RETURNING * INTO payment;
    -- The history records the move to pending, and the moment a payment is flagged for an admin.
    IF p.state = 'submitted' OR flag THEN
      INSERT INTO payment_events (payment_id, from_state, to_state, cause, actor, message, raw)
      VALUES (p_id, p.state, 'pending', CASE WHEN flag THEN p_cause || ':flagged-for-admin' ELSE p_cause END, p_actor, p_message, p_raw);
    END IF;
    changed := p.state = 'submitted';
    RETURN NEXT;
    RETURN;
  END IF;

  to_state := CASE WHEN p_state = 'success' THEN 'succeeded' ELSE 'failed' END;
  UPDATE holds SET state = CASE WHEN p_state = 'success' THEN 'settled' ELSE 'released' END, closed_at = now()
   WHERE payment_id = p_id AND state = 'open';
  GET DIAGNOSTICS closed = ROW_COUNT;
  IF closed <> 1 THEN
    RAISE EXCEPTION 'payment % has no open hold', p_id;
  END IF;
  UPDATE payments SET state = to_state, upstream_id = COALESCE(p_upstream_id, upstream_id), upstream_message = p_message, next_check_at = NULL
   WHERE id = p_id RETURNING * INTO payment;
  INSERT INTO payment_events (payment_id, from_state, to_state, cause, actor, message, raw)
  VALUES (p_id, p.state, to_state, p_cause, p_actor, p_message, p_raw);
  IF p_state = 'success' THEN
    -- The held money moves from the payer into the aggregator's clearing account.
    PERFORM post_entry('settle', p_id, NULL, p_actor, p.isp || ' ' || p.account || ': ' || p.option_label,
      jsonb_build_array(
        jsonb_build_object('account_id', 'clearing:' || (p.route->>'aggregator'), 'amount_paisa', p.amount_paisa),
        jsonb_build_object('account_id', p.payer_account_id, 'amount_paisa', -p.amount_paisa)));
    INSERT INTO receipts (payment_id) VALUES (p_id) RETURNING number, issued_at INTO receipt_number, receipt_issued_at;
  END IF;
  changed := true;
  RETURN NEXT;
END $$;
