-- The global event log. position orders it; (stream_id, version) orders each stream.
CREATE TABLE events (
    position    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    stream_id   text        NOT NULL,
    version     bigint      NOT NULL,
    type        text        NOT NULL,
    -- text, not jsonb: jsonb reorders keys and the type discriminator must stay first.
    data        text        NOT NULL,
    recorded_at timestamptz NOT NULL,
    CONSTRAINT events_stream_version UNIQUE (stream_id, version)
);
