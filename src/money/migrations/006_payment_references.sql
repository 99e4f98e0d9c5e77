-- A payment's reference, made by the database when the payment is recorded. Global Topup's execute
-- pages type reference_no as a number, so a reference must survive as a JSON number (below 2^53);
-- Khalti wants it unique and alphanumeric. A reference is
--
--     milliseconds since 1970 x 1000 + (the next value of payment_reference_seq mod 1000)
--
-- 16 digits (until the year 2255, below 2^53 = 9007199254740992), digits only. Within one database
-- two references are equal only if 1000 payments were recorded in one millisecond (the sequence
-- advances once per call, shared by every process on the database). Being tied to the clock, a new
-- database, or one restored from a backup, never hands out again a reference an aggregator has seen
-- (which a plain sequence restarting at 1 would: the aggregator would refuse the commit as a
-- duplicate, and its status lookup would answer for the older payment). The UNIQUE constraint on
-- payments.reference remains the last word. References made before (20 digits) stay valid, and never
-- meet these (16 digits) or a lookup's (20 digits, made after them).

CREATE SEQUENCE payment_reference_seq;

CREATE FUNCTION next_payment_reference() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT (floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint * 1000
          + nextval('payment_reference_seq') % 1000)::text
$$;
