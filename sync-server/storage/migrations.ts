/**
 * Schema migrations, applied in order at start under an advisory lock so that several
 * sync-server instances starting together on one PostgreSQL apply each migration once.
 *
 * Storage model: every replicated document is one row of `docs` (jsonb, as the tablet
 * sees it, `_deleted` included). `seq` is the writing transaction's change position
 * (migration 10; storage/writer.ts explains why readers stay below `safe_position()`).
 * `scope_index` says which store's tablets see a customer-related document and from which
 * sequence position: a customer entering a store's book gets all their documents indexed
 * there at a new position, so tablets whose checkpoint is already past the documents' own
 * `seq` still receive them.
 */
import type { Database } from './db'

/** Version n is the n-th entry (the comments give each one's number). */
const MIGRATIONS: string[] = [
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
]

const MIGRATION_LOCK = 7_245_000

export async function migrate(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
    await tx.query('CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())')
    const { rows } = await tx.query<{ version: number }>('SELECT version FROM schema_migrations')
    const applied = new Set(rows.map(r => Number(r.version)))
    for (const [index, sql] of MIGRATIONS.entries()) {
      const version = index + 1
      if (applied.has(version))
        continue
      for (const statement of splitStatements(sql))
        await tx.query(statement)
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version])
    }
  })
}

/** Extended-protocol queries take one statement each; our migrations have no `;` in strings. */
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map(s => s.replace(/^\s*--.*$/gm, '').trim())
    .filter(Boolean)
}
