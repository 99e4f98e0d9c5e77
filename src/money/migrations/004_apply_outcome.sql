-- An aggregator's answer applied to a payment in one round trip. It was a transaction of five
-- (BEGIN, lock, move, settle, COMMIT); as a function its statements still run one after the other,
-- so the hold is closed before the payer's debit line is written (the overdraft CHECK must not see
-- the debit while its own hold still counts), and the whole call is atomic.
--
-- p_state: 'success' | 'pending' | 'failed'. p_cause: "<who asked>:<why>" (commit:answer, ...).
-- Returns the payment's state before, whether this call moved it, the payment after, and the
-- receipt when this call settled it.
CREATE FUNCTION apply_payment_outcome(
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
  entry bigint;
  clearing text;
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
    -- The clearing account is made when missing (a new aggregator must not fail a settlement after
    -- its commit succeeded).
    clearing := 'clearing:' || (p.route->>'aggregator');
    INSERT INTO accounts (id, kind, allow_negative) VALUES (clearing, 'clearing', true) ON CONFLICT (id) DO NOTHING;
    INSERT INTO journal_entries (kind, payment_id, actor, memo)
    VALUES ('settle', p_id, p_actor, p.isp || ' ' || p.account || ': ' || p.option_label) RETURNING id INTO entry;
    INSERT INTO journal_lines (entry_id, account_id, amount_paisa)
    VALUES (entry, clearing, p.amount_paisa), (entry, p.payer_account_id, -p.amount_paisa);
    INSERT INTO receipts (payment_id) VALUES (p_id) RETURNING number, issued_at INTO receipt_number, receipt_issued_at;
  END IF;
  changed := true;
  RETURN NEXT;
END $$;
