/** Migrations 7 onwards: book keys, pins, prices, change positions, outreach, birthdays, appointments. */
export const SECOND_ROUND: string[] = [
  // 7: one book key per store, sealing customers' contact fields on its tablets (auth/book-keys.ts)
  `
  CREATE TABLE store_keys (
    store_id text PRIMARY KEY,
    key_id text NOT NULL,
    book_key text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  );
  `,
  // 8: online lookups and pins (routes/customers.ts). A pin is allowed only for a customer
  // the same associate found by a search on the same tablet shortly before, so an id alone
  // (guessed, or seen elsewhere) pins nothing; each pin is kept for the managers of both stores.
  `
  CREATE TABLE search_hits (
    associate_id text NOT NULL,
    device_id text NOT NULL,
    customer_id text NOT NULL,
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (associate_id, device_id, customer_id)
  );
  CREATE TABLE store_pins (
    id text PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    customer_id text NOT NULL,
    from_store_id text,
    to_store_id text NOT NULL,
    associate_id text NOT NULL,
    device_id text NOT NULL,
    reason text NOT NULL
  );
  CREATE INDEX store_pins_to ON store_pins (to_store_id, at);
  CREATE INDEX store_pins_from ON store_pins (from_store_id, at);
  `,
  // 9: the prices a product had until the platform changed them (sync/order-rules.ts): a
  // tablet that sold offline at the price it still had is taken at its word for a day.
  `
  CREATE TABLE price_history (
    sku text NOT NULL,
    price_minor bigint NOT NULL,
    valid_until timestamptz NOT NULL,
    PRIMARY KEY (sku, valid_until)
  );
  `,
  // 10: change positions from transaction ids instead of a sequence drawn under one global
  // lock (storage/writer.ts explains the order). Every position from now on is above every
  // change number drawn before, so tablets' checkpoints stay valid.
  `
  CREATE TABLE change_origin (
    one boolean PRIMARY KEY DEFAULT true CHECK (one),
    xid_base bigint NOT NULL,
    seq_base bigint NOT NULL
  );
  INSERT INTO change_origin (xid_base, seq_base) SELECT pg_current_xact_id()::text::bigint, (SELECT last_value FROM change_seq) + 1;
  CREATE FUNCTION change_position() RETURNS bigint LANGUAGE sql VOLATILE AS $$ SELECT seq_base + (pg_current_xact_id()::text::bigint - xid_base) FROM change_origin $$;
  CREATE FUNCTION safe_position() RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT seq_base + (pg_snapshot_xmin(pg_current_snapshot())::text::bigint - xid_base) FROM change_origin $$;
  `,
  // 11: the last committed change number, kept by every writer under the global lock, is
  // not needed any more: streams start at safe_position().
  `
  DROP TABLE sync_head;
  `,
  // 12: the sale of a visit, for lifetime values (model/lifetime-value.ts): a walk-in sale is
  // found by its visit, not among every walk-in sale of the chain.
  `
  CREATE INDEX orders_by_visit ON docs ((data->>'visitId')) WHERE collection = 'orders';
  `,
  `
  -- 13: outreach e-mails to send (outreach/sender.ts), one row per message, written in the
  -- push that stores it; next_attempt_at starts after the store's quiet hours.
  CREATE TABLE outreach_outbox (
    id text PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now(),
    attempts int NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    sent_at timestamptz,
    failed_at timestamptz,
    last_error text
  );
  CREATE INDEX outreach_outbox_due ON outreach_outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
  -- The clicks on outreach links (/r/<token>): when, which message, which product.
  CREATE TABLE outreach_clicks (
    id bigserial PRIMARY KEY,
    outreach_id text NOT NULL,
    sku text NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
  );
  CREATE INDEX outreach_clicks_by_outreach ON outreach_clicks (outreach_id);
  -- Keys the server makes for itself once (the links in e-mails are signed with 'links').
  CREATE TABLE server_keys (
    name text PRIMARY KEY,
    key text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  );
  `,
  `
  -- 14: customers' birthdayKey ('MM-DD', '' without a birthday), derived like the search keys
  -- (src/shared/search.ts) for the tablets' Today index. The tablets' own migration derives
  -- the same value, so their copies and these masters stay equal without a new change.
  UPDATE docs SET data = data || jsonb_build_object('birthdayKey',
    CASE WHEN jsonb_typeof(data->'birthday') = 'object'
      THEN lpad(data->'birthday'->>'month', 2, '0') || '-' || lpad(data->'birthday'->>'day', 2, '0')
      ELSE '' END)
  WHERE collection = 'customers' AND NOT (data ? 'birthdayKey');
  `,
  `
  -- 15: an appointment's e-mails (appointments/mail.ts): one row per appointment, kind and
  -- invite sequence, so a confirmation, a new time, a cancellation and each reminder go once,
  -- whatever is pushed again or however often the server restarts.
  CREATE TABLE appointment_outbox (
    id text PRIMARY KEY,
    appointment_id text NOT NULL,
    kind text NOT NULL,
    sequence int NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    attempts int NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    sent_at timestamptz,
    failed_at timestamptz,
    last_error text
  );
  CREATE INDEX appointment_outbox_due ON appointment_outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
  CREATE INDEX appointments_by_start ON docs ((data->>'start')) WHERE collection = 'appointments';
  `,
  `
  -- 16: the store run from the manager area. Enrollment codes a manager makes there get an id
  -- to list and cancel them by (the code itself is kept only as its hash), who made them, and
  -- when one was cancelled. store_log: every change to how a store runs (codes, staff, PINs,
  -- settings, hours), with who and when; ids and action names only, never a PIN.
  ALTER TABLE enroll_codes ADD COLUMN id text, ADD COLUMN created_by text, ADD COLUMN cancelled_at timestamptz;
  UPDATE enroll_codes SET id = substr(code_hash, 1, 20) WHERE id IS NULL;
  CREATE UNIQUE INDEX enroll_codes_by_id ON enroll_codes (id);
  CREATE TABLE store_log (
    id text PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    store_id text NOT NULL,
    device_id text,
    associate_id text,
    action text NOT NULL,
    subject text,
    detail text
  );
  CREATE INDEX store_log_by_store ON store_log (store_id, at);
  `,
  `
  -- 17: head office (sync-server/office/): its accounts, created with the CLI and signed in with
  -- a login and a password (kept as a PBKDF2 hash), their sessions (the token's SHA-256), and
  -- who at head office made a change in a store's log.
  CREATE TABLE office_accounts (
    id text PRIMARY KEY,
    login text NOT NULL UNIQUE,
    display_name text NOT NULL,
    role text NOT NULL,
    password jsonb NOT NULL,
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE TABLE office_sessions (
    token_hash text PRIMARY KEY,
    account_id text NOT NULL,
    expires_at timestamptz NOT NULL
  );
  ALTER TABLE store_log ADD COLUMN office_account_id text;
  `,
  `
  -- 18: the retailer's other systems (sync-server/integrations/): an API key per integration,
  -- kept as the SHA-256 of the key (printed once by the CLI), its scopes, and when it was last
  -- used or revoked; the audit log names the key behind a call.
  CREATE TABLE api_keys (
    id text PRIMARY KEY,
    name text NOT NULL,
    scopes jsonb NOT NULL,
    key_hash text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at timestamptz
  );
  ALTER TABLE audit_log ADD COLUMN api_key_id text;
  `,
  `
  -- 19: a contact-centre agent (a head-office account with role contact_centre) views and adds
  -- notes about customers: the audit log names the account behind such a call.
  ALTER TABLE audit_log ADD COLUMN office_account_id text;
  `,
  `
  -- 20: the tablets' history window (TABLET_HISTORY_MONTHS): each scope entry of an order,
  -- visit or interaction carries the document's date, so a pull leaves out what is older
  -- without reading the documents.
  ALTER TABLE scope_index ADD COLUMN IF NOT EXISTS at timestamptz;
  UPDATE scope_index si SET at = (CASE si.collection WHEN 'orders' THEN d.data->>'placedAt' WHEN 'visits' THEN d.data->>'startedAt' ELSE d.data->>'at' END)::timestamptz
  FROM docs d WHERE d.collection = si.collection AND d.id = si.id AND si.collection IN ('orders', 'visits', 'interactions');
  `,
  `
  -- 21: a new tablet downloads a store's history newest first (storage/pull.ts, readNewestPage).
  CREATE INDEX IF NOT EXISTS scope_index_by_date ON scope_index (store_id, collection, at DESC, id DESC) WHERE at IS NOT NULL;
  `,
  `
  -- 22: a new tablet's lookup asks the server for loyalty ids by prefix, as the tablet itself
  -- does (storage/search.ts, searchBook), until its customers have arrived.
  CREATE INDEX IF NOT EXISTS customers_by_loyalty_prefix ON docs ((data->>'loyaltyKey') text_pattern_ops) WHERE collection = 'customers';
  `,
]
