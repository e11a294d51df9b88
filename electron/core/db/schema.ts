import type { Generated } from 'kysely';

// Kysely's typed view of the tables made by ./migrations. Keep in step with every migration.

export type SettingsTable = { key: string; value_json: string; updated_at: string; updated_by: string | null };
export type AppSecretsTable = { name: string; value: string; created_at: string };

export type UsersTable = {
  id: string;
  username: string;
  full_name: string;
  password_hash: string;
  roles_json: string;
  is_active: number;
  failed_attempts: number;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
};

export type AuditLogTable = {
  seq: Generated<number>;
  at: string;
  actor_id: string | null;
  actor_name: string;
  action: string;
  entity: string | null;
  entity_id: string | null;
  summary_json: string;
  prev_hash: string;
  hash: string;
};

export type AuthThrottleTable = { name: string; failed_attempts: number; locked_until: string | null };

export type ServicesTable = {
  key: string;
  name_vi: string;
  name_en: string;
  is_builtin: number;
  is_active: number;
  sort_order: number;
};

export type Category = 'citizen' | 'official' | 'student' | 'worker';

export type PersonsTable = {
  id: string;
  person_key: string | null;
  cccd: string | null;
  full_name: string | null;
  name_folded: string | null;
  birth_date: string | null;
  birth_year: number | null;
  gender: 'male' | 'female' | null;
  phone: string | null;
  address: string | null;
  category: Category;
  agency: string | null;
  neighbourhood: string | null;
  created_at: string;
  updated_at: string;
  redacted_at: string | null;
};

export type TicketState = 'waiting' | 'called' | 'serving' | 'done' | 'no_show' | 'cancelled' | 'expired';

export type QueueTicketsTable = {
  id: string;
  day: string;
  seq: number;
  label: string;
  is_priority: number;
  priority_reason: string | null;
  service_key: string | null;
  name: string | null;
  state: TicketState;
  recall_count: number;
  desk: number | null;
  served_by: string | null;
  visit_id: string | null;
  created_at: string;
  updated_at: string;
  /** Migration 0004: last call time and the time it became a no-show. */
  called_at: string | null;
  no_show_at: string | null;
};

export type QueueEventsTable = {
  id: Generated<number>;
  ticket_id: string;
  from_state: TicketState | null;
  to_state: TicketState;
  at: string;
  actor_id: string | null;
  reason: string | null;
};

export type VisitsTable = {
  id: string;
  person_id: string | null;
  staff_id: string;
  visited_at: string;
  visit_day: string;
  category_snapshot: Category | null;
  agency_snapshot: string | null;
  consent: 'yes' | 'no' | 'unknown';
  ticket_id: string | null;
  follow_up_of: string | null;
  note: string | null;
  is_voided: number;
  void_reason: string | null;
  voided_at: string | null;
  voided_by: string | null;
  created_at: string;
  updated_at: string;
  /** Migration 0019: the import that wrote the visit (null: logged in the app). */
  import_id: string | null;
  /** Migration 0019: the legal basis its file recorded for the personal data (null: the visit's consent). */
  legal_basis: string | null;
};

/** Migration 0019: one row per committed import (issue #16), undone as a whole. */
export type ImportsTable = {
  id: string; file_name: string; legal_basis: string | null; visits: number; created_at: string; created_by: string | null;
  undone_at: string | null; undone_by: string | null;
};

export type Outcome = 'completed' | 'pending' | 'failed';
export type FailureReason = 'no_smartphone' | 'otp_sim' | 'data_mismatch' | 'not_level2' | 'under_age' | 'system_down' | 'other';
export type ReviewStatus = 'pending' | 'confirmed' | 'rejected' | 'returned';

export type ServiceRecordsTable = {
  id: string;
  visit_id: string;
  service_key: string;
  outcome: Outcome;
  failure_reason: FailureReason | null;
  detail_json: string;
  visit_day: string;
  visited_at: string;
  person_key: string | null;
  category_snapshot: Category | null;
  is_15_plus: number | null;
  is_voided: number;
  follow_up_of_record: string | null;
  review_status: ReviewStatus | null;
  review_reason: string | null;
  review_note: string | null;
  reviewed_at: string | null;
  reviewed_by: string | null;
  created_at: string;
  updated_at: string;
};

export type ReviewHistoryTable = {
  id: Generated<number>;
  service_record_id: string;
  status: ReviewStatus;
  reason: string | null;
  note: string | null;
  actor_id: string | null;
  at: string;
};

export type OfficialsRosterTable = {
  id: string;
  full_name: string;
  cccd: string | null;
  person_key: string | null;
  agency: string;
  created_at: string;
};

export type DraftsTable = { user_id: string; name: string; value_json: string; saved_at: string };

/** Migration 0009: each person's counting record per target, kept by triggers on service_records. */
export type TargetCountsTable = {
  target: 'target7' | 'target8a' | 'target8b';
  person_key: string;
  record_id: string;
  visit_id: string;
  visited_at: string;
  visit_day: string;
  review_status: ReviewStatus | null;
};

/** Migration 0012: per-day counts for the tally, kept by triggers (reports/day-counts.ts). */
export type DayServiceCountsTable = { visit_day: string; service_key: string; outcome: Outcome; records: number };
export type DayStaffVisitsTable = { visit_day: string; staff_id: string; visits: number };
export type DayNeighbourhoodVisitsTable = { visit_day: string; neighbourhood: string; visits: number };
export type PersonDaysTable = { person_key: string; visit_day: string; records: number };
export type DayPersonsTable = { visit_day: string; prev_day: string; persons: number };

/** Migration 0016: persons counted per target, day and (8a) agency of the counting visit, kept by triggers. */
export type TargetDayCountsTable = { target: 'target7' | 'target8a' | 'target8b'; visit_day: string; agency: string; persons: number; confirmed: number };

export type DB = {
  settings: SettingsTable;
  app_secrets: AppSecretsTable;
  users: UsersTable;
  audit_log: AuditLogTable;
  services: ServicesTable;
  persons: PersonsTable;
  queue_tickets: QueueTicketsTable;
  queue_events: QueueEventsTable;
  visits: VisitsTable;
  service_records: ServiceRecordsTable;
  review_history: ReviewHistoryTable;
  officials_roster: OfficialsRosterTable;
  auth_throttle: AuthThrottleTable;
  drafts: DraftsTable;
  target_counts: TargetCountsTable;
  day_service_counts: DayServiceCountsTable;
  day_staff_visits: DayStaffVisitsTable;
  day_neighbourhood_visits: DayNeighbourhoodVisitsTable;
  person_days: PersonDaysTable;
  day_persons: DayPersonsTable;
  target_day_counts: TargetDayCountsTable;
  imports: ImportsTable;
};
