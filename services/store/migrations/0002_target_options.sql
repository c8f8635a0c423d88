-- Per-network choices of a target (YouTube title and privacy, TikTok privacy, Instagram
-- format, X thread, native scheduling), as a JSON object of model.TargetOptions.
ALTER TABLE post_targets ADD COLUMN options TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(options));
