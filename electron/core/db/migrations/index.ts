import type { Database } from 'better-sqlite3';
import * as m0001 from './0001-initial';
import * as m0002 from './0002-accounts-audit';
import * as m0003 from './0003-visits-drafts';
import * as m0004 from './0004-queue';
import * as m0005 from './0005-counting';
import * as m0007 from './0007-review-list';
import * as m0009 from './0009-counting-tables';
import * as m0010 from './0010-drop-redundant-index';
import * as m0011 from './0011-persons-neighbourhood';
import * as m0012 from './0012-day-counts';
import * as m0014 from './0014-person-name-words';
import * as m0015 from './0015-person-search-cover';
import * as m0016 from './0016-target-day-counts';
import * as m0017 from './0017-drop-tally-indexes';
import * as m0018 from './0018-drop-visited-at-index';
import * as m0019 from './0019-imports';

export type Migration = { version: number; name: string; up(sqlite: Database): void };

// One file per version (STYLE.md). Append new ones here in order.
export const MIGRATIONS: readonly Migration[] = [m0001, m0002, m0003, m0004, m0005, m0007, m0009, m0010, m0011, m0012, m0014, m0015, m0016, m0017, m0018, m0019].sort((a, b) => a.version - b.version);

export const LATEST_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);
