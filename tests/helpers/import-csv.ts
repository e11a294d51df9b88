import { cccdFor } from './visits-fixture';

// A deterministic .csv in the data exchange format (electron/core/exchange/format.ts), shared by
// the bulk-load tests and the core-process import test (tests/integration/core-process.test.ts).

export const HEADER = 'visit_id,visited_at,staff,full_name,cccd,birth_date,gender,phone,category,agency,neighbourhood,consent,service,outcome,failure_reason,detail,review_status,review_reason,voided';

/** A deterministic file of `visits` visits: returning persons whose name and neighbourhood change, officials, under-15s, reviews, voided, anonymous, rows without visit_id. */
export function makeCsv(visits: number, seed: number, idPrefix: string): string {
  let state = seed;
  const rnd = (n: number) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
  const lines = [HEADER];
  const services = ['dak_lak_so', 'digital_signature', 'vneid_activation', 'online_public_service'];
  for (let v = 0; v < visits; v += 1) {
    const day = 1 + rnd(28);
    const month = 1 + rnd(6);
    const at = `2025-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T${String(7 + rnd(10)).padStart(2, '0')}:${String(rnd(60)).padStart(2, '0')}:00+07:00`;
    const kind = rnd(20);
    const serial = rnd(400);
    const year = kind === 0 ? 2012 : 1950 + (serial % 50);
    const gender = serial % 2 ? 'female' : 'male';
    const official = serial % 7 === 0;
    const anonymous = kind === 1;
    const phoneOnly = kind === 2;
    const name = anonymous ? '' : `Người ${serial} ${rnd(3) === 0 ? 'Mới' : ''}`.trim();
    const cccd = anonymous || phoneOnly ? '' : cccdFor(year, gender, 5000 + serial);
    const phone = phoneOnly ? `09050${String(serial).padStart(5, '0')}` : '';
    const neighbourhood = anonymous ? '' : `Tổ dân phố ${1 + rnd(4)}`;
    const category = anonymous ? '' : official ? 'official' : 'citizen';
    const agency = official && !anonymous ? 'UBND phường Tân Lập' : '';
    const voided = rnd(25) === 0 ? 'yes' : 'no';
    const id = rnd(10) === 0 ? '' : `${idPrefix}-${v}`;
    const staff = `nv${rnd(3)}`;
    const count = 1 + (rnd(4) === 0 ? 1 : 0);
    const first = rnd(4);
    for (let s = 0; s < count; s += 1) {
      const service = services[(first + s) % 4]!;
      const outcomeRoll = rnd(10);
      const outcome = outcomeRoll < 7 ? 'completed' : outcomeRoll < 9 ? 'pending' : 'failed';
      const failure = outcome === 'failed' ? 'other' : '';
      const review = service === 'digital_signature' ? ['', 'pending', 'confirmed', 'rejected', 'returned'][rnd(5)]! : '';
      const reason = review === 'rejected' ? 'Sai số' : '';
      lines.push([id, at, staff, name, cccd, '', '', phone, category, agency, neighbourhood, anonymous ? '' : 'yes', service, outcome, failure, '', review, reason, voided].join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `rows` rows in as few bytes as the format allows (two services per visit, one visit in four with
 * a person), so that 100k rows fit in one data.import call (the contract takes ~8 MB of file).
 */
export function makeCompactCsv(rows: number, idPrefix: string): string {
  const lines = [HEADER];
  const services = ['dak_lak_so', 'vneid_activation', 'online_public_service', 'digital_signature'];
  for (let v = 0; lines.length - 1 < rows; v += 1) {
    // Vietnam wall-clock time as a spreadsheet writes it (the format takes it: vnday.ts parseVnDateTime).
    const at = `${String(1 + (v % 28)).padStart(2, '0')}/${String(1 + (v % 6)).padStart(2, '0')}/2025 ${String(7 + (v % 10)).padStart(2, '0')}:${String(v % 60).padStart(2, '0')}`;
    const withPerson = v % 4 === 0;
    const serial = v % 5_000;
    const personCells = withPerson ? `Người ${serial},${cccdFor(1950 + (serial % 50), serial % 2 ? 'female' : 'male', serial)},,,,citizen,,,yes` : ',,,,,,,,';
    for (let s = 0; s < 2 && lines.length - 1 < rows; s += 1) {
      lines.push(`${idPrefix}${v.toString(36)},${at},nv${v % 3},${personCells},${services[(v + s) % 4]},${v % 9 === 0 ? 'pending' : 'completed'},,,,,no`);
    }
  }
  return `${lines.join('\n')}\n`;
}
