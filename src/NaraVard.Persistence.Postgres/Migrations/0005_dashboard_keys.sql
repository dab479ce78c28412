-- The dashboard's data-protection keys (sign-in cookies, antiforgery tokens), shared by every node of a
-- cluster so that a session started on one is read on all; each key an XML element, written once.
CREATE TABLE dashboard_keys (
    name text PRIMARY KEY,
    xml text NOT NULL,
    stored_at timestamptz NOT NULL DEFAULT now()
);
