-- The reservation of a payment (stored `submitted` with its money held, before the aggregator's
-- commit is called), as one function: one round trip, atomic, and now also refusing a second payment
-- for a line while one of it is in flight.
--
-- A line is an ISP's account as the aggregator bills it: (isp, connection) for a times customer with
-- several connections, (isp, account) otherwise, i.e. (isp, COALESCE(connection, account)). While a
-- payment by the same payer (whichever wallet or float it draws from) for the same line is `created`,
-- `submitted` or `pending`, a new intent for that line is refused, whatever its option: after an
-- unclear answer the first payment may still go through upstream, and a second commit would pay the
-- ISP twice. An intent already recorded is answered with its own payment, as before.
--
-- Concurrent calls of one payer queue on an advisory lock of that payer taken by the function's first
-- statement. In READ COMMITTED a PL/pgSQL function takes a fresh snapshot for each statement, so the
-- checks after the lock see every payment a call before it recorded: two intents for one line sent at
-- the same time record one payment, and the other is told it is in flight.
--
-- Returns what happened ('new', 'existing': the intent was recorded before, 'in-flight': the line has
-- a payment in flight, 'short': the available balance does not cover it) and the payment concerned.

CREATE INDEX payments_in_flight ON payments (payer_user_id, isp) WHERE state IN ('created', 'submitted', 'pending');

CREATE FUNCTION reserve_payment(
  p_intent_key text, p_payer_user_id bigint, p_payer_account_id text, p_beneficiary text, p_isp text, p_account text,
  p_connection text, p_customer_name text, p_option_key text, p_option_label text, p_amount_paisa bigint,
  p_breakdown jsonb, p_route jsonb, p_lookup jsonb, p_actor text)
RETURNS TABLE (outcome text, payment payments)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  p payments%ROWTYPE;
  payer text;
BEGIN
  PERFORM pg_advisory_xact_lock(7351002, hashtext(p_payer_user_id::text));

  SELECT * INTO p FROM payments WHERE intent_key = p_intent_key;
  IF FOUND THEN
    outcome := 'existing'; payment := p; RETURN NEXT; RETURN;
  END IF;

  SELECT * INTO p FROM payments
   WHERE payer_user_id = p_payer_user_id AND isp = p_isp AND state IN ('created', 'submitted', 'pending')
     AND COALESCE(connection, account) = COALESCE(p_connection, p_account)
   ORDER BY id LIMIT 1;
  IF FOUND THEN
    outcome := 'in-flight'; payment := p; RETURN NEXT; RETURN;
  END IF;

  -- The payer's account row is locked (concurrent payments from one account queue there, and each
  -- sees the balance the one before it left), and must cover the amount.
  SELECT id INTO payer FROM accounts WHERE id = p_payer_account_id AND balance_paisa - held_paisa >= p_amount_paisa FOR UPDATE;
  IF NOT FOUND THEN
    outcome := 'short'; RETURN NEXT; RETURN;
  END IF;

  INSERT INTO payments (reference, intent_key, payer_user_id, payer_account_id, beneficiary, isp, account, connection,
                        customer_name, option_key, option_label, amount_paisa, breakdown, route, lookup, state)
  VALUES (next_payment_reference(), p_intent_key, p_payer_user_id, payer, p_beneficiary, p_isp, p_account, p_connection,
          p_customer_name, p_option_key, p_option_label, p_amount_paisa, p_breakdown, p_route, p_lookup, 'submitted')
  ON CONFLICT (intent_key) DO NOTHING
  RETURNING * INTO p;
  IF NOT FOUND THEN
    -- The key was recorded meanwhile by another payer's call (keys are never shared by design): the
    -- caller sees whose payment it is.
    SELECT * INTO p FROM payments WHERE intent_key = p_intent_key;
    outcome := 'existing'; payment := p; RETURN NEXT; RETURN;
  END IF;
  INSERT INTO holds (account_id, payment_id, amount_paisa) VALUES (payer, p.id, p_amount_paisa);
  -- Its history records both steps: created, then submitted with its hold.
  INSERT INTO payment_events (payment_id, from_state, to_state, cause, actor)
  VALUES (p.id, NULL, 'created', 'intent', p_actor), (p.id, 'created', 'submitted', 'hold', p_actor);
  outcome := 'new'; payment := p; RETURN NEXT;
END $$;
