-- Families of streams (the access tokens, say) are read by id prefix at start-up: LIKE 'token-%' needs an
-- index in pattern order, which the unique (stream_id, version) index is not under a non-C collation.
CREATE INDEX events_stream_prefix ON events (stream_id text_pattern_ops);
