CREATE TABLE records (
    id TEXT COLLATE "C",
    sha256 TEXT COLLATE "C" NOT NULL DEFAULT '',
    collection TEXT COLLATE "C" NOT NULL DEFAULT '',
    kind TEXT COLLATE "C" NOT NULL DEFAULT '',
    date TEXT COLLATE "C" NOT NULL DEFAULT '',
    year INTEGER,
    from_post TEXT COLLATE "C" NOT NULL DEFAULT '',
    classification TEXT COLLATE "C" NOT NULL DEFAULT '',
    title TEXT COLLATE "C" NOT NULL DEFAULT '',
    subject TEXT COLLATE "C" NOT NULL DEFAULT '',
    json JSONB NOT NULL,
    json_extra TEXT,
    json_text TEXT,
    digest TEXT COLLATE "C" NOT NULL,
    seq BIGINT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
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
    record_id TEXT COLLATE "C" NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    tag TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (record_id, tag)
);

CREATE INDEX record_tags_tag ON record_tags(tag);

CREATE TABLE record_aliases (
    record_id TEXT COLLATE "C" NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    alias TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (record_id, alias)
);

CREATE INDEX record_aliases_alias ON record_aliases(alias);

CREATE TABLE record_entities (
    record_id TEXT COLLATE "C" NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    key TEXT COLLATE "C" NOT NULL,
    name TEXT COLLATE "C" NOT NULL,
    type TEXT COLLATE "C" NOT NULL DEFAULT '',
    source TEXT COLLATE "C" NOT NULL DEFAULT '',
    role TEXT COLLATE "C" NOT NULL DEFAULT ''
);

CREATE INDEX record_entities_record ON record_entities(record_id);

CREATE INDEX record_entities_key ON record_entities(key);

CREATE TABLE record_refs (
    record_id TEXT COLLATE "C" NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    label TEXT COLLATE "C" NOT NULL,
    ref_id TEXT COLLATE "C" NOT NULL DEFAULT '',
    kind TEXT COLLATE "C" NOT NULL DEFAULT '',
    note TEXT COLLATE "C" NOT NULL DEFAULT ''
);

CREATE INDEX record_refs_record ON record_refs(record_id);

CREATE INDEX record_refs_ref_id ON record_refs(ref_id);

CREATE TABLE sources (
    sha256 TEXT COLLATE "C" NOT NULL,
    record_id TEXT COLLATE "C" NOT NULL DEFAULT '',
    path TEXT COLLATE "C" NOT NULL DEFAULT '',
    format TEXT COLLATE "C" NOT NULL DEFAULT '',
    added_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (sha256, record_id)
);

CREATE INDEX sources_record ON sources(record_id);

CREATE TABLE changes (
    seq BIGSERIAL PRIMARY KEY,
    record_id TEXT COLLATE "C" NOT NULL,
    op TEXT COLLATE "C" NOT NULL,
    at TIMESTAMPTZ NOT NULL DEFAULT now()
);
