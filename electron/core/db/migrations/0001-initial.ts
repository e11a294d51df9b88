import type { Database } from 'better-sqlite3';

// Version 1: the tables the mission needs (issue #2). Times are UTC ISO-8601 strings; `*_day`
// columns hold the Vietnam calendar day (yyyy-mm-dd) computed when the row is written, so that
// counting by day is an index range scan (STYLE.md "Data", DOMAIN.md "Targets").
export const version = 1;
export const name = 'initial';

export function up(sqlite: Database): void {
  sqlite.exec(`
    CREATE TABLE settings (
      key         TEXT PRIMARY KEY,
      value_json  TEXT NOT NULL,
      updated_at  TEXT NOT NULL,
      updated_by  TEXT
    ) STRICT;

    -- Install-time secrets (the person-key HMAC secret). Kept in the database so that a
    -- backup restores the same keys.
    CREATE TABLE app_secrets (
      name        TEXT PRIMARY KEY,
      value       TEXT NOT NULL,
      created_at  TEXT NOT NULL
    ) STRICT;

    CREATE TABLE users (
      id               TEXT PRIMARY KEY,
      username         TEXT NOT NULL UNIQUE,
      full_name        TEXT NOT NULL,
      password_hash    TEXT NOT NULL,
      roles_json       TEXT NOT NULL,
      is_active        INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
      failed_attempts  INTEGER NOT NULL DEFAULT 0,
      locked_until     TEXT,
      created_at       TEXT NOT NULL,
      updated_at       TEXT NOT NULL
    ) STRICT;

    -- Append-only; each row carries the hash of the previous one (issue #3).
    CREATE TABLE audit_log (
      seq          INTEGER PRIMARY KEY AUTOINCREMENT,
      at           TEXT NOT NULL,
      actor_id     TEXT,
      actor_name   TEXT NOT NULL,
      action       TEXT NOT NULL,
      entity       TEXT,
      entity_id    TEXT,
      summary_json TEXT NOT NULL DEFAULT '{}',
      prev_hash    TEXT NOT NULL,
      hash         TEXT NOT NULL
    ) STRICT;
    CREATE INDEX audit_log_at ON audit_log (at);
    CREATE INDEX audit_log_action ON audit_log (action, at);
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

    -- The service catalogue is data: four built-in services plus ones the head adds.
    CREATE TABLE services (
      key         TEXT PRIMARY KEY,
      name_vi     TEXT NOT NULL,
      name_en     TEXT NOT NULL,
      is_builtin  INTEGER NOT NULL DEFAULT 0 CHECK (is_builtin IN (0, 1)),
      is_active   INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
      sort_order  INTEGER NOT NULL DEFAULT 100
    ) STRICT;
    INSERT INTO services (key, name_vi, name_en, is_builtin, sort_order) VALUES
      ('online_public_service', 'Hỗ trợ dịch vụ công trực tuyến', 'Online public service support', 1, 1),
      ('vneid_activation', 'Kích hoạt tài khoản định danh điện tử (VNeID)', 'VNeID account activation', 1, 2),
      ('digital_signature', 'Đăng ký chữ ký số qua VNeID', 'Digital signature registration via VNeID', 1, 3),
      ('dak_lak_so', 'Cài đặt ứng dụng Đắk Lắk Số', 'Đắk Lắk Số app installation', 1, 4);

    CREATE TABLE persons (
      id             TEXT PRIMARY KEY,
      -- DOMAIN.md: HMAC-SHA-256 of the CCCD with the install secret; survives redaction.
      person_key     TEXT UNIQUE,
      cccd           TEXT,
      full_name      TEXT,
      name_folded    TEXT,
      birth_date     TEXT,
      birth_year     INTEGER,
      gender         TEXT CHECK (gender IN ('male', 'female')),
      phone          TEXT,
      address        TEXT,
      category       TEXT NOT NULL DEFAULT 'citizen' CHECK (category IN ('citizen', 'official', 'student', 'worker')),
      agency         TEXT,
      neighbourhood  TEXT,
      created_at     TEXT NOT NULL,
      updated_at     TEXT NOT NULL,
      redacted_at    TEXT
    ) STRICT;
    CREATE INDEX persons_name_folded ON persons (name_folded);
    CREATE INDEX persons_phone ON persons (phone);
    CREATE INDEX persons_cccd ON persons (cccd);

    CREATE TABLE queue_tickets (
      id              TEXT PRIMARY KEY,
      day             TEXT NOT NULL,
      seq             INTEGER NOT NULL,
      label           TEXT NOT NULL,
      is_priority     INTEGER NOT NULL DEFAULT 0 CHECK (is_priority IN (0, 1)),
      priority_reason TEXT,
      service_key     TEXT REFERENCES services (key),
      name            TEXT,
      state           TEXT NOT NULL CHECK (state IN ('waiting', 'called', 'serving', 'done', 'no_show', 'cancelled', 'expired')),
      recall_count    INTEGER NOT NULL DEFAULT 0,
      desk            INTEGER,
      served_by       TEXT REFERENCES users (id),
      visit_id        TEXT,
      created_at      TEXT NOT NULL,
      updated_at      TEXT NOT NULL,
      UNIQUE (day, seq)
    ) STRICT;
    CREATE INDEX queue_tickets_day_state ON queue_tickets (day, state);

    CREATE TABLE queue_events (
      id          INTEGER PRIMARY KEY AUTOINCREMENT,
      ticket_id   TEXT NOT NULL REFERENCES queue_tickets (id),
      from_state  TEXT,
      to_state    TEXT NOT NULL,
      at          TEXT NOT NULL,
      actor_id    TEXT,
      reason      TEXT
    ) STRICT;
    CREATE INDEX queue_events_ticket ON queue_events (ticket_id, id);

    CREATE TABLE visits (
      id                 TEXT PRIMARY KEY,
      person_id          TEXT REFERENCES persons (id),
      staff_id           TEXT NOT NULL REFERENCES users (id),
      visited_at         TEXT NOT NULL,
      visit_day          TEXT NOT NULL,
      -- DOMAIN.md: each visit keeps a snapshot of the category and agency at that time.
      category_snapshot  TEXT CHECK (category_snapshot IN ('citizen', 'official', 'student', 'worker')),
      agency_snapshot    TEXT,
      consent            TEXT NOT NULL DEFAULT 'unknown' CHECK (consent IN ('yes', 'no', 'unknown')),
      ticket_id          TEXT REFERENCES queue_tickets (id),
      follow_up_of       TEXT REFERENCES visits (id),
      note               TEXT,
      is_voided          INTEGER NOT NULL DEFAULT 0 CHECK (is_voided IN (0, 1)),
      void_reason        TEXT,
      voided_at          TEXT,
      voided_by          TEXT REFERENCES users (id),
      created_at         TEXT NOT NULL,
      updated_at         TEXT NOT NULL
    ) STRICT;
    CREATE INDEX visits_day ON visits (visit_day, is_voided);
    CREATE INDEX visits_person ON visits (person_id);
    CREATE INDEX visits_staff_day ON visits (staff_id, visit_day);

    -- One row per service given. Counting facts are copied onto the row (day, person key,
    -- category snapshot, "15 or older that day", voided) so that tallies are a covering-index
    -- scan and survive redaction of the person (DOMAIN.md "Personal data", "Targets").
    CREATE TABLE service_records (
      id                   TEXT PRIMARY KEY,
      visit_id             TEXT NOT NULL REFERENCES visits (id),
      service_key          TEXT NOT NULL REFERENCES services (key),
      outcome              TEXT NOT NULL CHECK (outcome IN ('completed', 'pending', 'failed')),
      failure_reason       TEXT CHECK (failure_reason IN ('no_smartphone', 'otp_sim', 'data_mismatch', 'not_level2', 'under_age', 'system_down', 'other')),
      detail_json          TEXT NOT NULL DEFAULT '{}',
      visit_day            TEXT NOT NULL,
      visited_at           TEXT NOT NULL,
      person_key           TEXT,
      category_snapshot    TEXT,
      is_15_plus           INTEGER CHECK (is_15_plus IN (0, 1)),
      is_voided            INTEGER NOT NULL DEFAULT 0 CHECK (is_voided IN (0, 1)),
      follow_up_of_record  TEXT REFERENCES service_records (id),
      review_status        TEXT CHECK (review_status IN ('pending', 'confirmed', 'rejected', 'returned')),
      review_reason        TEXT,
      review_note          TEXT,
      reviewed_at          TEXT,
      reviewed_by          TEXT REFERENCES users (id),
      created_at           TEXT NOT NULL,
      updated_at           TEXT NOT NULL
    ) STRICT;
    CREATE INDEX service_records_visit ON service_records (visit_id);
    CREATE INDEX service_records_day ON service_records (visit_day, service_key, outcome, is_voided);
    CREATE INDEX service_records_count ON service_records (service_key, outcome, is_voided, person_key, visited_at);
    CREATE INDEX service_records_pending ON service_records (outcome, is_voided) WHERE outcome = 'pending';
    CREATE INDEX service_records_review ON service_records (review_status, visit_day) WHERE review_status IS NOT NULL;

    CREATE TABLE review_history (
      id                 INTEGER PRIMARY KEY AUTOINCREMENT,
      service_record_id  TEXT NOT NULL REFERENCES service_records (id),
      status             TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'rejected', 'returned')),
      reason             TEXT,
      note               TEXT,
      actor_id           TEXT REFERENCES users (id),
      at                 TEXT NOT NULL
    ) STRICT;
    CREATE INDEX review_history_record ON review_history (service_record_id, id);

    -- Officials roster for target 8a (issue #8).
    CREATE TABLE officials_roster (
      id          TEXT PRIMARY KEY,
      full_name   TEXT NOT NULL,
      cccd        TEXT,
      person_key  TEXT,
      agency      TEXT NOT NULL,
      created_at  TEXT NOT NULL
    ) STRICT;
    CREATE INDEX officials_roster_key ON officials_roster (person_key);
  `);
}
