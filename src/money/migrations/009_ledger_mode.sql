-- Which money this ledger holds: the built-in sandbox's test money, or money that pays real
-- aggregators. Set by the first process that opens the ledger; a process of the other kind is refused,
-- so test money can never pay a real ISP.
CREATE TABLE ledger_mode (
  one   boolean PRIMARY KEY DEFAULT true CHECK (one),
  mode  text NOT NULL CHECK (mode IN ('sandbox', 'aggregators')),
  since timestamptz NOT NULL DEFAULT now()
);
