"""The database schema as a list of forward migrations, numbered by ``PRAGMA user_version``.

Migration N (1-based) turns a version N-1 database into version N. Never edit a migration
that has shipped: append a new one. Each runs in its own transaction together with the
version bump, so a crash leaves the database at the previous version, never half-migrated.
"""

from __future__ import annotations

import sqlite3

# Version 1: conversations, messages, drafts, outbox, check events, search.
_V1 = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- One row per channel login (a WhatsApp number, a mailbox...). "demo" for the demo inbox.
CREATE TABLE accounts (
    id         INTEGER PRIMARY KEY,
    channel    TEXT NOT NULL,
    name       TEXT NOT NULL,
    created_at REAL NOT NULL,
    UNIQUE (channel, name)
);

-- A customer as one account knows them: handle = phone number, @user, e-mail address...
CREATE TABLE contacts (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    handle     TEXT NOT NULL,
    name       TEXT NOT NULL,
    UNIQUE (account_id, handle)
);

-- last_*, unread, answered_at and waiting_since are denormalised from messages (kept
-- up to date by the triggers below) so the chat list never has to scan messages.
CREATE TABLE conversations (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    contact_id    INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    channel       TEXT NOT NULL,
    lang          TEXT,
    done          INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
    created_at    REAL NOT NULL,
    last_message_id INTEGER,  -- NULL until the first message (last_at = created_at then)
    last_text     TEXT NOT NULL DEFAULT '',
    last_at       REAL NOT NULL,
    unread        INTEGER NOT NULL DEFAULT 0 CHECK (unread >= 0),
    answered_at   REAL,
    waiting_since REAL
);
CREATE INDEX conversations_contact ON conversations(contact_id);
-- The chat list orders: exactly the ORDER BY expressions used in store.py, so SQLite walks
-- the index instead of sorting 100k rows (a test checks the query plan).
CREATE INDEX conversations_waiting
    ON conversations(done, waiting_since IS NULL, waiting_since, last_at DESC);
CREATE INDEX conversations_recent ON conversations(last_at);

CREATE TABLE messages (
    id                 INTEGER PRIMARY KEY,
    conversation_id    INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    channel_message_id TEXT,
    direction          TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    sender             TEXT NOT NULL,
    text               TEXT NOT NULL,
    sent_at            REAL NOT NULL,
    state              TEXT NOT NULL CHECK (state IN
                           ('received', 'queued', 'sent', 'delivered', 'read', 'failed'))
);
CREATE INDEX messages_conversation ON messages(conversation_id, sent_at);
-- Finds the oldest incoming message after an answer (waiting_since after a late reply).
CREATE INDEX messages_direction ON messages(conversation_id, direction, sent_at);
-- A channel may deliver the same message twice (reconnects, polling overlap).
CREATE UNIQUE INDEX messages_channel_id
    ON messages(conversation_id, channel_message_id) WHERE channel_message_id IS NOT NULL;

CREATE TRIGGER messages_in_denormalise AFTER INSERT ON messages
WHEN NEW.direction = 'in' BEGIN
    UPDATE conversations SET
        last_text = CASE WHEN last_message_id IS NULL OR NEW.sent_at >= last_at
                         THEN NEW.text ELSE last_text END,
        last_message_id = CASE WHEN last_message_id IS NULL OR NEW.sent_at >= last_at
                               THEN NEW.id ELSE last_message_id END,
        last_at = CASE WHEN last_message_id IS NULL THEN NEW.sent_at
                       ELSE max(last_at, NEW.sent_at) END,
        -- An incoming message older than the last answer was already answered.
        unread = unread + (NEW.sent_at > coalesce(answered_at, -1)),
        waiting_since = CASE
            WHEN NEW.sent_at <= coalesce(answered_at, -1) THEN waiting_since
            ELSE min(coalesce(waiting_since, NEW.sent_at), NEW.sent_at) END,
        done = CASE WHEN NEW.sent_at > coalesce(answered_at, -1) THEN 0 ELSE done END
    WHERE id = NEW.conversation_id;
END;

CREATE TRIGGER messages_out_denormalise AFTER INSERT ON messages
WHEN NEW.direction = 'out' BEGIN
    UPDATE conversations SET
        last_text = CASE WHEN last_message_id IS NULL OR NEW.sent_at >= last_at
                         THEN NEW.text ELSE last_text END,
        last_message_id = CASE WHEN last_message_id IS NULL OR NEW.sent_at >= last_at
                               THEN NEW.id ELSE last_message_id END,
        last_at = CASE WHEN last_message_id IS NULL THEN NEW.sent_at
                       ELSE max(last_at, NEW.sent_at) END,
        unread = 0,
        answered_at = max(coalesce(answered_at, NEW.sent_at), NEW.sent_at),
        waiting_since = (
            SELECT min(m.sent_at) FROM messages AS m
            WHERE m.conversation_id = NEW.conversation_id AND m.direction = 'in'
              AND m.sent_at > max(coalesce(answered_at, NEW.sent_at), NEW.sent_at))
    WHERE id = NEW.conversation_id;
END;

CREATE TABLE drafts (
    conversation_id INTEGER PRIMARY KEY REFERENCES conversations(id) ON DELETE CASCADE,
    text            TEXT NOT NULL,
    updated_at      REAL NOT NULL
);

-- Outgoing messages not yet handed to their channel (state queued or failed).
CREATE TABLE outbox (
    id         INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL UNIQUE REFERENCES messages(id) ON DELETE CASCADE,
    queued_at  REAL NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT ''
);

-- What the checks flagged and what the agent did about it (kept on this machine only).
CREATE TABLE check_events (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER REFERENCES conversations(id) ON DELETE SET NULL,
    message_id      INTEGER REFERENCES messages(id) ON DELETE SET NULL,
    "check"         TEXT NOT NULL,
    kind            TEXT NOT NULL,
    severity        TEXT NOT NULL,
    action          TEXT NOT NULL CHECK (action IN
                        ('shown', 'fixed', 'ignored', 'overridden', 'reported', 'sent_clean')),
    excerpt         TEXT NOT NULL DEFAULT '',
    reason          TEXT NOT NULL DEFAULT '',
    created_at      REAL NOT NULL
);
CREATE INDEX check_events_conversation ON check_events(conversation_id, created_at);
CREATE INDEX check_events_message ON check_events(message_id);

-- Full-text search over message text. External content: the text is stored once, in
-- messages. remove_diacritics 2: "cancelacion" finds "cancelación" and the other way round.
CREATE VIRTUAL TABLE messages_fts USING fts5(
    text, content='messages', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts(rowid, text) VALUES (NEW.id, NEW.text);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, text) VALUES ('delete', OLD.id, OLD.text);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, text) VALUES ('delete', OLD.id, OLD.text);
    INSERT INTO messages_fts(rowid, text) VALUES (NEW.id, NEW.text);
END;
"""

# Version 2: real channels. A login (an email mailbox, the demo inbox...) is run by one
# connector; its non-secret settings and sync cursor live here, its password in the OS keyring.
# Replies carry their channel id from the start, wait out the undo window in held_replies
# (so a crash cannot lose them), and pass the outbox phases queued -> sending -> gone (sent).
_V2 = """
CREATE TABLE channel_logins (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,             -- connector kind: demo, email, ...
    name       TEXT NOT NULL UNIQUE,      -- what the user calls it
    settings   TEXT NOT NULL DEFAULT '{}',  -- JSON, never a secret
    secret_ref TEXT NOT NULL DEFAULT '',  -- key of its secret in the OS keyring
    enabled    INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    cursor     TEXT,                      -- the connector's sync position
    created_at REAL NOT NULL
);
ALTER TABLE accounts ADD COLUMN login_id INTEGER REFERENCES channel_logins(id) ON DELETE CASCADE;
CREATE INDEX accounts_login ON accounts(login_id);
INSERT INTO channel_logins(kind, name, created_at)
    SELECT 'demo', 'demo', (SELECT min(created_at) FROM accounts WHERE name = 'demo')
    WHERE EXISTS (SELECT 1 FROM accounts WHERE name = 'demo');
UPDATE accounts SET login_id = (SELECT id FROM channel_logins WHERE kind = 'demo')
    WHERE name = 'demo';

-- Thread details a reply needs (email subject, Message-ID, References) and attachments
-- (name and size only), as JSON.
ALTER TABLE messages ADD COLUMN meta TEXT;

ALTER TABLE outbox ADD COLUMN phase TEXT NOT NULL DEFAULT 'queued'
    CHECK (phase IN ('queued', 'sending'));

CREATE TABLE held_replies (
    id                 INTEGER PRIMARY KEY,
    conversation_id    INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    text               TEXT NOT NULL,
    sender             TEXT NOT NULL,
    channel_message_id TEXT,
    events             TEXT NOT NULL DEFAULT '[]',  -- check events to log once it is sent
    held_at            REAL NOT NULL,
    due_at             REAL NOT NULL
);
"""

# Version 3: the inbox workflow. Labels on conversations, snooze, claims (who on the team
# answers it), contact notes and the formality the customer prefers; indexes for the filters
# of the chat list and the date ranges the coaching dashboard reads. Every list query is
# written in store/inbox.py with ORDER BY expressions matching these indexes exactly.
_V3 = """
CREATE TABLE labels (
    id     INTEGER PRIMARY KEY,
    name   TEXT NOT NULL UNIQUE COLLATE NOCASE,
    colour TEXT NOT NULL DEFAULT '#6b7280'  -- #rrggbb
);
CREATE TABLE conversation_labels (
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    label_id        INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
    PRIMARY KEY (conversation_id, label_id)
) WITHOUT ROWID;
CREATE INDEX conversation_labels_label ON conversation_labels(label_id, conversation_id);

-- snoozed_until: out of Unanswered until then. woke_at: when a snooze ended (it goes back
-- to the top of Unanswered until answered or marked done). claimed_by: a display name,
-- '' = nobody.
ALTER TABLE conversations ADD COLUMN snoozed_until REAL;
ALTER TABLE conversations ADD COLUMN woke_at REAL;
ALTER TABLE conversations ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';

-- done and snoozed_until at the end make it covering: SQLite re-checks the WHERE terms of
-- a partial index, and without them it would read every row from the table.
CREATE INDEX conversations_unanswered
    ON conversations(woke_at IS NULL, woke_at, waiting_since, last_at DESC, done, snoozed_until)
    WHERE done = 0 AND snoozed_until IS NULL AND waiting_since IS NOT NULL;
CREATE INDEX conversations_snoozed ON conversations(snoozed_until) WHERE snoozed_until IS NOT NULL;
CREATE INDEX conversations_claimed
    ON conversations(claimed_by, done, waiting_since IS NULL, waiting_since, last_at DESC);
CREATE INDEX conversations_channel
    ON conversations(channel, done, waiting_since IS NULL, waiting_since, last_at DESC);

-- The customer's own message wakes a snoozed conversation (like it reopens a done one).
CREATE TRIGGER messages_in_wake AFTER INSERT ON messages
WHEN NEW.direction = 'in' BEGIN
    UPDATE conversations SET snoozed_until = NULL, woke_at = NEW.sent_at
    WHERE id = NEW.conversation_id AND snoozed_until IS NOT NULL;
END;
-- An answer ends the "just woke up" place at the top.
CREATE TRIGGER messages_out_woke AFTER INSERT ON messages
WHEN NEW.direction = 'out' BEGIN
    UPDATE conversations SET woke_at = NULL
    WHERE id = NEW.conversation_id AND woke_at IS NOT NULL;
END;

ALTER TABLE contacts ADD COLUMN notes TEXT NOT NULL DEFAULT '';
-- '' = not known yet; 'learned' = guessed from the thread, 'user' = set by the agent.
ALTER TABLE contacts ADD COLUMN formality TEXT NOT NULL DEFAULT ''
    CHECK (formality IN ('', 'tu', 'usted', 'vos'));
ALTER TABLE contacts ADD COLUMN formality_source TEXT NOT NULL DEFAULT ''
    CHECK (formality_source IN ('', 'learned', 'user'));

-- Date ranges of the dashboard, the audit and retention.
CREATE INDEX messages_sent ON messages(sent_at);
CREATE INDEX check_events_created ON check_events(created_at);
"""

# Version 4: rooms the app cannot read. A Matrix room with end-to-end encryption is listed
# and its messages kept (as a notice), but neither read nor answered here yet: the chat shows
# why and the composer does not send there. Encryption in Matrix is never turned off again.
_V4 = """
ALTER TABLE conversations ADD COLUMN encrypted INTEGER NOT NULL DEFAULT 0
    CHECK (encrypted IN (0, 1));
"""

MIGRATIONS: list[str] = [_V1, _V2, _V3, _V4]
SCHEMA_VERSION = len(MIGRATIONS)

# Tables a version-0 file may already contain and still be ours (none: SQLite's own only).
_SQLITE_INTERNAL_PREFIX = "sqlite_"


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def has_foreign_tables(conn: sqlite3.Connection) -> bool:
    """True if a version-0 file already holds tables: it belongs to some other program."""
    rows = conn.execute("SELECT name FROM sqlite_master").fetchall()
    return any(not name.startswith(_SQLITE_INTERNAL_PREFIX) for (name,) in rows)


def migrate(conn: sqlite3.Connection, migrations: list[str] | None = None) -> int:
    """Apply the missing migrations in order; return the resulting version.

    The connection must be in autocommit mode (``isolation_level=None``). The caller has
    already refused databases newer than ``len(migrations)``.
    """
    steps = MIGRATIONS if migrations is None else migrations
    version = user_version(conn)
    while version < len(steps):
        target = version + 1
        script = f"BEGIN IMMEDIATE;\n{steps[version]}\nPRAGMA user_version = {target};\nCOMMIT;"
        try:
            conn.executescript(script)
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        version = target
    return version
