import type { Database } from 'better-sqlite3';

// Version 12 (issue #10, the one-year tally in < 100 ms): per-day counts kept on write.
//
// A one-year tally at 100k visits took ~300 ms, nearly all of it reading every visit and service
// record of the year: services by outcome (GROUP BY over ~70k records), distinct persons per day and
// over the period (a temp B-tree of every person key of the year), visits by staff, and visits by
// the person's current neighbourhood (one persons lookup per visit). These tables hold those counts
// per day instead, so a tally reads a few rows per day (grows with days × groups, not with records).
// Triggers keep them exact inside the writer's own transaction, like target_counts (0009); each
// trigger statement is a primary-key seek or upsert (tests/integration/day-counts.test.ts checks the
// plans). reports/day-counts.ts holds the drift check against the plain queries and the rebuild.
//
//   day_service_counts  (visit_day, service_key, outcome) → non-voided service records
//   day_staff_visits    (visit_day, staff_id)             → non-voided visits
//   day_neighbourhood_visits (visit_day, neighbourhood)   → non-voided visits by the person's CURRENT
//                       neighbourhood ('' = none or no person), as the tally reports it: a person's
//                       neighbourhood change moves their visits' counts (trigger on persons).
//   person_days         (person_key, visit_day)           → non-voided records of that person that day
//   day_persons         (visit_day, prev_day)             → persons with a record on visit_day whose
//                       previous day with one was prev_day ('' = none). Distinct persons of a day =
//                       sum over prev_day; distinct persons of a period [from, to] = the persons whose
//                       first day in the period has no earlier day in it = sum where prev_day < from.
//                       Exact, and it grows with days² at most, never with records.
// Rows whose count falls to 0 stay (fewer statements per write); readers skip them. person_days is
// the exception: its rows exist exactly while the count is > 0 (its insert/delete drive day_persons).
export const version = 12;
export const name = 'day-counts';

export const DAY_COUNT_TABLES = ['day_service_counts', 'day_staff_visits', 'day_neighbourhood_visits', 'person_days', 'day_persons'] as const;

/** The triggers on person_days that keep day_persons (a bulk rebuild drops and recreates them). */
export const PERSON_DAYS_TRIGGERS = ['person_days_insert', 'person_days_delete'] as const;

/** Fills the (empty) tables from the plain data; person_days' triggers must not exist meanwhile. */
export function fillDayCounts(sqlite: Database): void {
  sqlite.exec(`
    INSERT INTO day_service_counts (visit_day, service_key, outcome, records)
      SELECT visit_day, service_key, outcome, count(*) FROM service_records WHERE is_voided = 0
       GROUP BY visit_day, service_key, outcome;
    INSERT INTO day_staff_visits (visit_day, staff_id, visits)
      SELECT visit_day, staff_id, count(*) FROM visits WHERE is_voided = 0 GROUP BY visit_day, staff_id;
    INSERT INTO day_neighbourhood_visits (visit_day, neighbourhood, visits)
      SELECT v.visit_day, coalesce(p.neighbourhood, ''), count(*) FROM visits v LEFT JOIN persons p ON p.id = v.person_id
       WHERE v.is_voided = 0 GROUP BY 1, 2;
    INSERT INTO person_days (person_key, visit_day, records)
      SELECT person_key, visit_day, count(*) FROM service_records WHERE is_voided = 0 AND person_key IS NOT NULL
       GROUP BY person_key, visit_day;
    INSERT INTO day_persons (visit_day, prev_day, persons)
      SELECT visit_day, prev_day, count(*) FROM (
        SELECT visit_day, coalesce(lag(visit_day) OVER (PARTITION BY person_key ORDER BY visit_day), '') AS prev_day FROM person_days
      ) GROUP BY visit_day, prev_day;
  `);
}

// The person's previous / next day with a record, around day D (person_days must not hold D itself
// when these are evaluated: after the insert trigger's own row is excluded by < and >).
const prevDay = (key: string, day: string) => `coalesce((SELECT max(visit_day) FROM person_days WHERE person_key = ${key} AND visit_day < ${day}), '')`;
const nextDay = (key: string, day: string) => `(SELECT min(visit_day) FROM person_days WHERE person_key = ${key} AND visit_day > ${day})`;
const bump = (table: string, cols: string, values: string, count: string, delta: string, where = '') =>
  `INSERT INTO ${table} (${cols}, ${count}) SELECT ${values}, ${delta} WHERE true ${where}
     ON CONFLICT DO UPDATE SET ${count} = ${count} + excluded.${count};`;
const neighbourhoodOf = (personId: string) => `coalesce((SELECT neighbourhood FROM persons WHERE id = ${personId}), '')`;

/** Trigger bodies: the record/visit R (OLD. or NEW.) leaves (-1) or joins (+1) the counts. */
const serviceCount = (r: string, delta: string) =>
  bump('day_service_counts', 'visit_day, service_key, outcome', `${r}visit_day, ${r}service_key, ${r}outcome`, 'records', delta, `AND ${r}is_voided = 0`);
const personDayAdd = (r: string) =>
  `INSERT INTO person_days (person_key, visit_day, records) SELECT ${r}person_key, ${r}visit_day, 1 WHERE ${r}is_voided = 0 AND ${r}person_key IS NOT NULL
     ON CONFLICT DO UPDATE SET records = records + 1;`;
const personDayRemove = (r: string) => `
    UPDATE person_days SET records = records - 1 WHERE ${r}is_voided = 0 AND person_key = ${r}person_key AND visit_day = ${r}visit_day;
    DELETE FROM person_days WHERE ${r}is_voided = 0 AND person_key = ${r}person_key AND visit_day = ${r}visit_day AND records <= 0;`;
const visitCounts = (r: string, delta: string) => `
    ${bump('day_staff_visits', 'visit_day, staff_id', `${r}visit_day, ${r}staff_id`, 'visits', delta, `AND ${r}is_voided = 0`)}
    ${bump('day_neighbourhood_visits', 'visit_day, neighbourhood', `${r}visit_day, ${neighbourhoodOf(`${r}person_id`)}`, 'visits', delta, `AND ${r}is_voided = 0`)}`;

export function up(sqlite: Database): void {
  sqlite.exec(`
    CREATE TABLE day_service_counts (
      visit_day    TEXT NOT NULL,
      service_key  TEXT NOT NULL,
      outcome      TEXT NOT NULL,
      records      INTEGER NOT NULL,
      PRIMARY KEY (visit_day, service_key, outcome)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE day_staff_visits (
      visit_day  TEXT NOT NULL,
      staff_id   TEXT NOT NULL,
      visits     INTEGER NOT NULL,
      PRIMARY KEY (visit_day, staff_id)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE day_neighbourhood_visits (
      visit_day      TEXT NOT NULL,
      neighbourhood  TEXT NOT NULL,
      visits         INTEGER NOT NULL,
      PRIMARY KEY (visit_day, neighbourhood)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE person_days (
      person_key  TEXT NOT NULL,
      visit_day   TEXT NOT NULL,
      records     INTEGER NOT NULL,
      PRIMARY KEY (person_key, visit_day)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE day_persons (
      visit_day  TEXT NOT NULL,
      prev_day   TEXT NOT NULL,
      persons    INTEGER NOT NULL,
      PRIMARY KEY (visit_day, prev_day)
    ) STRICT, WITHOUT ROWID;
  `);
  fillDayCounts(sqlite);
  sqlite.exec(`
    -- Service records: by day × service × outcome, and the person's days.
    CREATE TRIGGER day_counts_record_insert AFTER INSERT ON service_records WHEN NEW.is_voided = 0
    BEGIN
      ${serviceCount('NEW.', '1')}
      ${personDayAdd('NEW.')}
    END;
    CREATE TRIGGER day_counts_record_delete AFTER DELETE ON service_records WHEN OLD.is_voided = 0
    BEGIN
      ${serviceCount('OLD.', '-1')}
      ${personDayRemove('OLD.')}
    END;
    CREATE TRIGGER day_counts_record_update AFTER UPDATE OF visit_day, service_key, outcome, is_voided ON service_records
      WHEN OLD.visit_day IS NOT NEW.visit_day OR OLD.service_key IS NOT NEW.service_key OR OLD.outcome IS NOT NEW.outcome OR OLD.is_voided IS NOT NEW.is_voided
    BEGIN
      ${serviceCount('OLD.', '-1')}
      ${serviceCount('NEW.', '1')}
    END;
    CREATE TRIGGER day_counts_record_person_update AFTER UPDATE OF visit_day, person_key, is_voided ON service_records
      WHEN OLD.visit_day IS NOT NEW.visit_day OR OLD.person_key IS NOT NEW.person_key OR OLD.is_voided IS NOT NEW.is_voided
    BEGIN
      ${personDayRemove('OLD.')}
      ${personDayAdd('NEW.')}
    END;

    -- A person's day appears or goes: the pairs (day, previous day) of it and of the next day move.
    CREATE TRIGGER person_days_insert AFTER INSERT ON person_days
    BEGIN
      UPDATE day_persons SET persons = persons - 1
       WHERE visit_day = ${nextDay('NEW.person_key', 'NEW.visit_day')} AND prev_day = ${prevDay('NEW.person_key', 'NEW.visit_day')};
      ${bump('day_persons', 'visit_day, prev_day', `NEW.visit_day, ${prevDay('NEW.person_key', 'NEW.visit_day')}`, 'persons', '1')}
      ${bump('day_persons', 'visit_day, prev_day', `${nextDay('NEW.person_key', 'NEW.visit_day')}, NEW.visit_day`, 'persons', '1', `AND ${nextDay('NEW.person_key', 'NEW.visit_day')} IS NOT NULL`)}
    END;
    CREATE TRIGGER person_days_delete AFTER DELETE ON person_days
    BEGIN
      UPDATE day_persons SET persons = persons - 1 WHERE visit_day = OLD.visit_day AND prev_day = ${prevDay('OLD.person_key', 'OLD.visit_day')};
      UPDATE day_persons SET persons = persons - 1 WHERE visit_day = ${nextDay('OLD.person_key', 'OLD.visit_day')} AND prev_day = OLD.visit_day;
      ${bump('day_persons', 'visit_day, prev_day', `${nextDay('OLD.person_key', 'OLD.visit_day')}, ${prevDay('OLD.person_key', 'OLD.visit_day')}`, 'persons', '1', `AND ${nextDay('OLD.person_key', 'OLD.visit_day')} IS NOT NULL`)}
    END;

    -- Visits: by day × staff and by day × the person's current neighbourhood.
    CREATE TRIGGER day_counts_visit_insert AFTER INSERT ON visits WHEN NEW.is_voided = 0
    BEGIN ${visitCounts('NEW.', '1')}
    END;
    CREATE TRIGGER day_counts_visit_delete AFTER DELETE ON visits WHEN OLD.is_voided = 0
    BEGIN ${visitCounts('OLD.', '-1')}
    END;
    CREATE TRIGGER day_counts_visit_update AFTER UPDATE OF visit_day, staff_id, person_id, is_voided ON visits
      WHEN OLD.visit_day IS NOT NEW.visit_day OR OLD.staff_id IS NOT NEW.staff_id OR OLD.person_id IS NOT NEW.person_id OR OLD.is_voided IS NOT NEW.is_voided
    BEGIN ${visitCounts('OLD.', '-1')} ${visitCounts('NEW.', '1')}
    END;

    -- A person's neighbourhood changes: their visits' counts move with it (a visits_person seek).
    -- Persons are never deleted nor re-keyed while visits point at them (foreign_keys = ON, db/open.ts).
    CREATE TRIGGER day_counts_person_neighbourhood AFTER UPDATE OF neighbourhood ON persons
      WHEN coalesce(OLD.neighbourhood, '') IS NOT coalesce(NEW.neighbourhood, '')
    BEGIN
      INSERT INTO day_neighbourhood_visits (visit_day, neighbourhood, visits)
        SELECT visit_day, coalesce(OLD.neighbourhood, ''), -count(*) FROM visits WHERE person_id = OLD.id AND is_voided = 0 GROUP BY visit_day
        ON CONFLICT DO UPDATE SET visits = visits + excluded.visits;
      INSERT INTO day_neighbourhood_visits (visit_day, neighbourhood, visits)
        SELECT visit_day, coalesce(NEW.neighbourhood, ''), count(*) FROM visits WHERE person_id = NEW.id AND is_voided = 0 GROUP BY visit_day
        ON CONFLICT DO UPDATE SET visits = visits + excluded.visits;
    END;
  `);
}
