import type { Database } from 'better-sqlite3';

// Version 4 (issue #5, the queue): when a ticket was last called (the board and the waiting-time
// stats read it) and when it became a no-show (the rejoin window counts from it). The exact
// history stays in queue_events; these columns are its latest values, kept for cheap reads.
export const version = 4;
export const name = 'queue';

export function up(sqlite: Database): void {
  sqlite.exec(`
    ALTER TABLE queue_tickets ADD COLUMN called_at TEXT;
    ALTER TABLE queue_tickets ADD COLUMN no_show_at TEXT;
    -- The board polls the latest calls every second.
    CREATE INDEX queue_events_to_state ON queue_events (to_state, id);
    -- Day change: find earlier days' open tickets without scanning every day.
    CREATE INDEX queue_tickets_state_day ON queue_tickets (state, day);
  `);
}
