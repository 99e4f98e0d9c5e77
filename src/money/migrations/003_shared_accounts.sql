-- Clearing and source accounts (the ones that may go negative) take a line from every settlement,
-- grant or top-up. Keeping their balance in their row made every concurrent settlement queue on that
-- one row's lock. Their balance is now the sum of their lines, computed when asked; wallets and
-- floats keep theirs in the row, where the overdraft CHECK guards it.
CREATE OR REPLACE FUNCTION journal_line_applied() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE accounts SET balance_paisa = balance_paisa + NEW.amount_paisa
   WHERE id = NEW.account_id AND NOT allow_negative;
  RETURN NEW;
END $$;

UPDATE accounts SET balance_paisa = 0 WHERE allow_negative;

-- A clearing account's row must exist before the first settlement's lines point at it.
INSERT INTO accounts (id, kind, owner_user_id, allow_negative) VALUES
  ('clearing:khalti', 'clearing', NULL, true),
  ('clearing:globaltopup', 'clearing', NULL, true)
ON CONFLICT (id) DO NOTHING;
