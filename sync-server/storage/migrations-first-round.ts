/** Migrations 1–6: the first round's storage (documents, the books, the outboxes, devices, sessions, the audit log). */
export const FIRST_ROUND: string[] = [
  `
  CREATE SEQUENCE change_seq;
  CREATE TABLE sync_head (one boolean PRIMARY KEY DEFAULT true CHECK (one), seq bigint NOT NULL);
  INSERT INTO sync_head (seq) VALUES (0);

  CREATE TABLE docs (
    collection text NOT NULL,
    id text NOT NULL,
    seq bigint NOT NULL,
    store_id text,
    customer_id text,
    deleted boolean NOT NULL DEFAULT false,
    data jsonb NOT NULL,
    PRIMARY KEY (collection, id)
  );
  CREATE INDEX docs_by_seq ON docs (collection, seq, id);
  CREATE INDEX docs_by_store ON docs (collection, store_id, seq, id);
  CREATE INDEX docs_by_customer ON docs (customer_id, collection);
  CREATE INDEX customers_by_email ON docs ((data->>'emailKey')) WHERE collection = 'customers';
  CREATE INDEX customers_by_phone ON docs ((data->>'phoneKey')) WHERE collection = 'customers';
  CREATE INDEX customers_by_loyalty ON docs ((data->>'loyaltyKey')) WHERE collection = 'customers';
  CREATE INDEX customers_by_name ON docs ((data->>'nameKey') text_pattern_ops) WHERE collection = 'customers';
  CREATE INDEX customers_by_name_alt ON docs ((data->>'nameKeyAlt') text_pattern_ops) WHERE collection = 'customers';

  CREATE TABLE book (
    store_id text NOT NULL,
    customer_id text NOT NULL,
    seq bigint NOT NULL,
    reason text NOT NULL,
    added_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (store_id, customer_id)
  );
  CREATE INDEX book_by_customer ON book (customer_id);

  CREATE TABLE scope_index (
    store_id text NOT NULL,
    collection text NOT NULL,
    id text NOT NULL,
    seq bigint NOT NULL,
    PRIMARY KEY (store_id, collection, id)
  );
  CREATE INDEX scope_index_by_seq ON scope_index (store_id, collection, seq, id);

  CREATE TABLE devices (
    id text PRIMARY KEY,
    store_id text NOT NULL,
    name text NOT NULL,
    token_hash text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz,
    revoked_at timestamptz
  );

  CREATE TABLE enroll_codes (
    code_hash text PRIMARY KEY,
    store_id text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    device_id text
  );

  CREATE TABLE commerce_events (
    id text PRIMARY KEY,
    type text NOT NULL,
    occurred_at timestamptz NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    outcome text NOT NULL
  );

  -- The last state the e-commerce platform told us per document: the base of the
  -- three-way merge when its next update arrives.
  CREATE TABLE commerce_shadow (
    collection text NOT NULL,
    id text NOT NULL,
    occurred_at timestamptz NOT NULL,
    data jsonb NOT NULL,
    PRIMARY KEY (collection, id)
  );
  `,
  `
  -- Cart and wishlist changes made in store, waiting to be sent to the e-commerce platform
  -- (outbound/outbox.ts), written in the same transaction as the push. doc_key and seq
  -- (the change number of the write) keep the events of one document in order.
  CREATE TABLE commerce_outbox (
    id text PRIMARY KEY,
    event_type text NOT NULL,
    payload jsonb NOT NULL,
    doc_key text NOT NULL,
    seq bigint NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    attempts int NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    delivered_at timestamptz,
    last_error text
  );
  CREATE INDEX commerce_outbox_due ON commerce_outbox (next_attempt_at) WHERE delivered_at IS NULL;
  CREATE INDEX commerce_outbox_by_doc ON commerce_outbox (doc_key, seq) WHERE delivered_at IS NULL;
  `,
  `
  -- Receipts to e-mail (mail/sender.ts): one row per receipt, written in the transaction that
  -- stores the order (or a resend). The id is the receipt id the Message-ID is made from.
  CREATE TABLE receipt_outbox (
    id text PRIMARY KEY,
    order_id text NOT NULL,
    email text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    attempts int NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    sent_at timestamptz,
    failed_at timestamptz,
    last_error text
  );
  CREATE INDEX receipt_outbox_due ON receipt_outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
  CREATE INDEX receipt_outbox_by_order ON receipt_outbox (order_id);
  `,
  `
  -- Identity resolution (identity/resolve.ts): every merge of two customer profiles, who or
  -- what decided it and why; and the look-alike pairs left for a manager to decide.
  CREATE TABLE identity_merges (
    id text PRIMARY KEY,
    survivor_id text NOT NULL,
    merged_id text NOT NULL UNIQUE,
    reason text NOT NULL,
    trigger text NOT NULL,
    decided_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE INDEX identity_merges_by_survivor ON identity_merges (survivor_id);
  CREATE TABLE identity_reviews (
    id text PRIMARY KEY,
    customer_a text NOT NULL,
    customer_b text NOT NULL,
    reason text NOT NULL,
    status text NOT NULL DEFAULT 'open',
    created_at timestamptz NOT NULL DEFAULT now(),
    decided_by text,
    decided_at timestamptz
  );
  CREATE INDEX identity_reviews_open ON identity_reviews (status, created_at);
  CREATE INDEX customers_merged_into ON docs ((data->>'mergedInto')) WHERE collection = 'customers';
  `,
  `
  -- An associate signed in on a device, as the server knows it (auth/sessions.ts): the PIN
  -- was checked here too, so role-only endpoints (reports, identity reviews) trust the role.
  CREATE TABLE associate_sessions (
    token_hash text PRIMARY KEY,
    associate_id text NOT NULL,
    device_id text NOT NULL,
    store_id text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
  );
  CREATE INDEX associate_sessions_by_device ON associate_sessions (device_id);
  -- Stores a manager answers for besides their own (an area manager), for the online reports.
  CREATE TABLE manager_stores (
    associate_id text NOT NULL,
    store_id text NOT NULL,
    PRIMARY KEY (associate_id, store_id)
  );
  `,
  `
  -- Who viewed or changed which customer, when, from which tablet (audit/log.ts). Ids and
  -- action names only: never an e-mail, a phone number or a note.
  CREATE TABLE audit_log (
    id text PRIMARY KEY,
    at timestamptz NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    device_id text,
    associate_id text,
    customer_id text NOT NULL,
    action text NOT NULL,
    detail text
  );
  CREATE INDEX audit_log_by_customer ON audit_log (customer_id, at);
  `,
]
