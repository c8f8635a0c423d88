-- 0001_init: the whole schema of DESIGN.md §2. Times are INTEGER Unix seconds in UTC;
-- JSON columns hold arrays. Never edit this file once released: add 0002_....sql instead.

CREATE TABLE workspaces (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;

-- No token columns: tokens live in the keychain under account/<id>/access and /refresh.
CREATE TABLE social_accounts (
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    platform     TEXT    NOT NULL,
    account_id   TEXT    NOT NULL,
    account_name TEXT    NOT NULL DEFAULT '',
    handle       TEXT    NOT NULL DEFAULT '',
    avatar_url   TEXT    NOT NULL DEFAULT '',
    instance_url TEXT    NOT NULL DEFAULT '',
    scopes       TEXT    NOT NULL DEFAULT '[]',
    expires_at   INTEGER,
    status       TEXT    NOT NULL DEFAULT 'ok'
        CHECK (status IN ('ok', 'reconnect_needed', 'disabled')),
    is_active    INTEGER NOT NULL DEFAULT 1,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    UNIQUE (workspace_id, platform, account_id, instance_url)
) STRICT;

CREATE TABLE scheduled_posts (
    id             INTEGER PRIMARY KEY,
    workspace_id   INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    content        TEXT    NOT NULL DEFAULT '',
    media          TEXT    NOT NULL DEFAULT '[]',
    hashtags       TEXT    NOT NULL DEFAULT '[]',
    scheduled_time INTEGER,
    scheduled_zone TEXT    NOT NULL DEFAULT '',
    status         TEXT    NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'scheduled', 'publishing', 'published', 'partially_published',
                          'failed', 'cancelled', 'missed', 'unconfirmed')),
    published_at   INTEGER,
    error_message  TEXT    NOT NULL DEFAULT '',
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
) STRICT;

CREATE INDEX scheduled_posts_workspace_time ON scheduled_posts (workspace_id, scheduled_time);
CREATE INDEX scheduled_posts_time ON scheduled_posts (scheduled_time);

-- The outbox: one row per (post, account).
CREATE TABLE post_targets (
    id               INTEGER PRIMARY KEY,
    post_id          INTEGER NOT NULL REFERENCES scheduled_posts (id) ON DELETE CASCADE,
    account_id       INTEGER NOT NULL REFERENCES social_accounts (id) ON DELETE CASCADE,
    platform         TEXT    NOT NULL,
    text_override    TEXT    NOT NULL DEFAULT '',
    status           TEXT    NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'pending', 'publishing', 'published', 'failed', 'cancelled',
                          'unconfirmed', 'missed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER,
    lease_until      INTEGER,
    attempt_key      TEXT    NOT NULL DEFAULT '',
    needs_reconcile  INTEGER NOT NULL DEFAULT 0,
    platform_post_id TEXT    NOT NULL DEFAULT '',
    permalink        TEXT    NOT NULL DEFAULT '',
    last_error       TEXT    NOT NULL DEFAULT '',
    published_at     INTEGER,
    UNIQUE (post_id, account_id)
) STRICT;

CREATE INDEX post_targets_due ON post_targets (status, next_attempt_at);
CREATE INDEX post_targets_account ON post_targets (account_id);

-- One row per delivery attempt: the per-post error log.
CREATE TABLE delivery_attempts (
    id          INTEGER PRIMARY KEY,
    target_id   INTEGER NOT NULL REFERENCES post_targets (id) ON DELETE CASCADE,
    attempt_key TEXT    NOT NULL,
    started_at  INTEGER NOT NULL,
    ended_at    INTEGER,
    outcome     TEXT    NOT NULL DEFAULT '',
    http_status INTEGER NOT NULL DEFAULT 0,
    error_text  TEXT    NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX delivery_attempts_target ON delivery_attempts (target_id);

CREATE TABLE media (
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    path         TEXT    NOT NULL,
    mime         TEXT    NOT NULL,
    size         INTEGER NOT NULL DEFAULT 0,
    width        INTEGER NOT NULL DEFAULT 0,
    height       INTEGER NOT NULL DEFAULT 0,
    duration_ms  INTEGER NOT NULL DEFAULT 0,
    sha256       TEXT    NOT NULL DEFAULT '',
    alt_text     TEXT    NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL
) STRICT;

CREATE INDEX media_workspace ON media (workspace_id);

-- Latest metrics per target (the seed's table); history is in metric_snapshots.
CREATE TABLE post_analytics (
    id               INTEGER PRIMARY KEY,
    post_id          INTEGER NOT NULL REFERENCES scheduled_posts (id) ON DELETE CASCADE,
    target_id        INTEGER NOT NULL UNIQUE REFERENCES post_targets (id) ON DELETE CASCADE,
    platform         TEXT    NOT NULL,
    platform_post_id TEXT    NOT NULL DEFAULT '',
    views            INTEGER NOT NULL DEFAULT 0,
    likes            INTEGER NOT NULL DEFAULT 0,
    comments         INTEGER NOT NULL DEFAULT 0,
    shares           INTEGER NOT NULL DEFAULT 0,
    saves            INTEGER NOT NULL DEFAULT 0,
    engagement_rate  REAL    NOT NULL DEFAULT 0,
    updated_at       INTEGER NOT NULL
) STRICT;

CREATE INDEX post_analytics_post ON post_analytics (post_id);

CREATE TABLE metric_snapshots (
    id        INTEGER PRIMARY KEY,
    target_id INTEGER NOT NULL REFERENCES post_targets (id) ON DELETE CASCADE,
    taken_at  INTEGER NOT NULL,
    views     INTEGER NOT NULL DEFAULT 0,
    likes     INTEGER NOT NULL DEFAULT 0,
    comments  INTEGER NOT NULL DEFAULT 0,
    shares    INTEGER NOT NULL DEFAULT 0,
    saves     INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX metric_snapshots_target_time ON metric_snapshots (target_id, taken_at);

CREATE TABLE account_metrics (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES social_accounts (id) ON DELETE CASCADE,
    taken_at   INTEGER NOT NULL,
    followers  INTEGER NOT NULL DEFAULT 0,
    following  INTEGER NOT NULL DEFAULT 0,
    posts      INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX account_metrics_account_time ON account_metrics (account_id, taken_at);

-- Tokens and estimated cost per AI call.
CREATE TABLE ai_usage (
    id                INTEGER PRIMARY KEY,
    created_at        INTEGER NOT NULL,
    feature           TEXT    NOT NULL,
    model             TEXT    NOT NULL,
    prompt_tokens     INTEGER NOT NULL DEFAULT 0,
    completion_tokens INTEGER NOT NULL DEFAULT 0,
    cost_usd          REAL    NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
