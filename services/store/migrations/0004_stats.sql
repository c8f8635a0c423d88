-- 0004_stats: the statistics screen reads the targets an account published in a period,
-- joined with their latest metrics (post_analytics.target_id is already unique).
CREATE INDEX post_targets_account_published ON post_targets (account_id, published_at)
    WHERE published_at IS NOT NULL;
