-- Drafts keep the customer's looked-up details only for a while (DRAFT_RETENTION_DAYS): the purge
-- (drafts.purge) finds the drafts that still hold a lookup, oldest first, through this index.
CREATE INDEX IF NOT EXISTS renewal_drafts_with_lookup ON renewal_drafts (updated_at) WHERE lookup IS NOT NULL;
