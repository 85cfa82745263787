CREATE TABLE records (
    id TEXT,
    sha256 TEXT NOT NULL DEFAULT '',
    collection TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT '',
    date TEXT NOT NULL DEFAULT '',
    year INTEGER,
    from_post TEXT NOT NULL DEFAULT '',
    classification TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL DEFAULT '',
    json TEXT NOT NULL,
    seq INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (id)
);

CREATE INDEX records_collection ON records(collection);

CREATE INDEX records_kind ON records(kind);

CREATE INDEX records_date ON records(date);

CREATE INDEX records_year ON records(year);

CREATE INDEX records_from_post ON records(from_post);

CREATE INDEX records_classification ON records(classification);

CREATE INDEX records_sha256 ON records(sha256);

CREATE TABLE record_tags (
    record_id TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (record_id, tag)
) WITHOUT ROWID;

CREATE INDEX record_tags_tag ON record_tags(tag);

CREATE TABLE record_aliases (
    record_id TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    alias TEXT NOT NULL,
    PRIMARY KEY (record_id, alias)
) WITHOUT ROWID;

CREATE INDEX record_aliases_alias ON record_aliases(alias);

CREATE TABLE record_entities (
    record_id TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    type TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL DEFAULT ''
);

CREATE INDEX record_entities_record ON record_entities(record_id);

CREATE INDEX record_entities_key ON record_entities(key);

CREATE TABLE record_refs (
    record_id TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    ref_id TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT ''
);

CREATE INDEX record_refs_record ON record_refs(record_id);

CREATE INDEX record_refs_ref_id ON record_refs(ref_id);

CREATE TABLE sources (
    sha256 TEXT NOT NULL,
    record_id TEXT NOT NULL DEFAULT '',
    path TEXT NOT NULL DEFAULT '',
    format TEXT NOT NULL DEFAULT '',
    added_at TEXT NOT NULL,
    PRIMARY KEY (sha256, record_id)
) WITHOUT ROWID;

CREATE INDEX sources_record ON sources(record_id);

CREATE TABLE changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    record_id TEXT NOT NULL,
    op TEXT NOT NULL,
    at TEXT NOT NULL
);
