import { centuryDigitFor, type Gender } from '../shared/domain/cccd';
import { toIsoDay, daysInMonth } from '../shared/domain/vnday';
import type { Category } from '../electron/core/db/schema';
import type { PersonWrite } from '../electron/core/visits/write';
import type { Rng } from './prng';

// Realistic people of phường Tân Lập (DOMAIN.md "The place and the people", "Identity data"):
// Kinh names, Ê Đê and M'Nông names with apostrophes and single-letter given parts, CCCD numbers
// that pass shared/domain/cccd.ts (province of birth registration, century/gender digit, birth
// year), mobile numbers typed the ways people type them, neighbourhoods of the merged ward.

const KINH_FAMILY: readonly (readonly [string, number])[] = [
  ['Nguyễn', 38], ['Trần', 11], ['Lê', 9.5], ['Phạm', 7], ['Hoàng', 3], ['Huỳnh', 2], ['Phan', 4.5], ['Vũ', 2],
  ['Võ', 2], ['Đặng', 2.1], ['Bùi', 2], ['Đỗ', 1.4], ['Hồ', 1.3], ['Ngô', 1.3], ['Dương', 1], ['Lý', 0.5], ['Đinh', 0.8],
];
const KINH_MIDDLE: Record<Gender, readonly string[]> = {
  male: ['Văn', 'Hữu', 'Đức', 'Minh', 'Quang', 'Công', 'Thành', 'Xuân', 'Đình', 'Ngọc'],
  female: ['Thị', 'Thị', 'Thị', 'Ngọc', 'Thu', 'Thanh', 'Kim', 'Mỹ', 'Hồng', 'Bích'],
};
const KINH_GIVEN: Record<Gender, readonly string[]> = {
  male: ['An', 'Bình', 'Cường', 'Dũng', 'Đạt', 'Hải', 'Hiếu', 'Hoàng', 'Hùng', 'Huy', 'Khang', 'Khoa', 'Long', 'Minh', 'Nam',
    'Nghĩa', 'Phong', 'Phúc', 'Quân', 'Sơn', 'Tài', 'Thắng', 'Thịnh', 'Trung', 'Tuấn', 'Việt', 'Vinh', 'Đông', 'Lộc', 'Toàn'],
  female: ['Anh', 'Châu', 'Diệp', 'Dung', 'Giang', 'Hà', 'Hạnh', 'Hằng', 'Hoa', 'Hương', 'Huyền', 'Lan', 'Linh', 'Loan',
    'Mai', 'My', 'Ngân', 'Nga', 'Nhung', 'Oanh', 'Phương', 'Quyên', 'Thảo', 'Thư', 'Trang', 'Uyên', 'Vy', 'Yến', 'Đào', 'Ánh'],
};
// Ê Đê: men "Y …", women "H'…", the family name last (Y Bhim Êban, H'Hen Niê).
const EDE_GIVEN: Record<Gender, readonly string[]> = {
  male: ['Bhim', 'Moan', 'Ngông', 'Blô', 'Jút', 'Tlam', 'Kuăn', 'Wang', 'Dhăm', 'Yơn', 'Khoa', 'Thanh', 'Nuê', 'Bih'],
  female: ['Hen', 'Linh', 'Ben', 'Nga', 'Loan', 'Ra', 'Ruôn', 'Wen', 'Juen', 'Mai', 'Bia', 'Hơ', 'Nhi', 'Điệp'],
};
const EDE_FAMILY = ['Niê', 'Êban', 'Ayŭn', 'Mlô', 'Byă', 'Ktla', 'Kbuôr', 'Adrơng', 'Hwing', 'Knul', 'Mdrang', 'Niê Kdăm', 'Hđơk', 'Ksơr', 'Buôn Yă'];
// M'Nông: "Điểu K'Lang", "Y Bhơ Bon", "H'Mai Liêng Hót", "Thị Rơ".
const MNONG_GIVEN: Record<Gender, readonly string[]> = {
  male: ["K'Lang", "K'Rang", 'Đơng', 'Mek', 'Ré', 'Bhơ', 'Jốc', "N'Trang", 'Srê', 'Kren'],
  female: ['Mai', 'Rơ', 'Hoa', 'Bình', "K'Thi", 'Mơ', 'Ngơn', 'Plin', 'Đen', 'Sao'],
};
const MNONG_FAMILY = ['Bon', 'Liêng Hót', 'Lơ Mu', 'Bđáp', 'Bon Jốc Ju', 'Ndu', 'Krông'];

// Typographic apostrophes come from phones and Word; fold.ts maps them to ' for search.
const APOSTROPHES = ["'", "'", "'", '’'] as const;

export type Ethnicity = 'kinh' | 'ede' | 'mnong';

export function personName(rng: Rng, ethnicity: Ethnicity, gender: Gender): string {
  const apostrophe = rng.pick(APOSTROPHES);
  switch (ethnicity) {
    case 'kinh':
      return `${rng.weighted(KINH_FAMILY)} ${rng.pick(KINH_MIDDLE[gender])} ${rng.pick(KINH_GIVEN[gender])}`;
    case 'ede':
      return gender === 'male'
        ? `Y ${rng.pick(EDE_GIVEN.male)} ${rng.pick(EDE_FAMILY)}`
        : `H${apostrophe}${rng.pick(EDE_GIVEN.female)} ${rng.pick(EDE_FAMILY)}`;
    case 'mnong': {
      if (gender === 'male') {
        return rng.chance(0.5) ? `Điểu ${rng.pick(MNONG_GIVEN.male)}` : `Y ${rng.pick(MNONG_GIVEN.male)} ${rng.pick(MNONG_FAMILY)}`;
      }
      return rng.chance(0.4) ? `Thị ${rng.pick(MNONG_GIVEN.female)}` : `H${apostrophe}${rng.pick(MNONG_GIVEN.female)} ${rng.pick(MNONG_FAMILY)}`;
    }
  }
}

// Province of birth registration: mostly Đắk Lắk, then neighbours and the provinces people
// migrated from to the Central Highlands (Thông tư 07/2016/TT-BCA codes).
const PROVINCES: readonly (readonly [string, number])[] = [
  ['066', 60], ['067', 6], ['054', 5], ['064', 4], ['052', 4], ['040', 4], ['038', 3], ['042', 3], ['034', 3],
  ['001', 3], ['079', 3], ['049', 2], ['051', 2], ['046', 1], ['036', 1],
];

export function makeCccd(rng: Rng, birthYear: number, gender: Gender, taken: Set<string>): string {
  for (;;) {
    const serial = String(rng.int(0, 999_999)).padStart(6, '0');
    const cccd = `${rng.weighted(PROVINCES)}${centuryDigitFor(birthYear, gender)}${String(birthYear % 100).padStart(2, '0')}${serial}`;
    if (!taken.has(cccd)) {
      taken.add(cccd);
      return cccd;
    }
  }
}

const PHONE_PREFIXES = ['090', '091', '093', '094', '096', '097', '098', '086', '088', '089', '032', '033', '034', '035', '036',
  '037', '038', '039', '070', '076', '077', '078', '079', '081', '082', '083', '084', '085', '056', '058', '059'];

/** A valid mobile number, written as people type it (spaces, dots, +84). */
export function makePhone(rng: Rng): string {
  const prefix = rng.pick(PHONE_PREFIXES);
  const rest = String(rng.int(0, 9_999_999)).padStart(7, '0');
  const plain = `${prefix}${rest}`;
  return rng.weighted<string>([
    [plain, 70],
    [`${plain.slice(0, 4)} ${plain.slice(4, 7)} ${plain.slice(7)}`, 15],
    [`+84 ${plain.slice(1)}`, 10],
    [`${plain.slice(0, 4)}.${plain.slice(4, 7)}.${plain.slice(7)}`, 5],
  ]);
}

// The merged ward (old Tân Lập, Tân Hòa, Hòa Thắng): tổ dân phố, thôn and buôn.
export const NEIGHBOURHOODS: readonly string[] = [
  ...Array.from({ length: 12 }, (_, i) => `Tổ dân phố ${i + 1}`),
  ...Array.from({ length: 5 }, (_, i) => `Thôn ${i + 1}`),
  'Buôn Ky', 'Buôn Kô Siêr', 'Buôn Ea Nao', 'Buôn Cư Hriêt',
];
const STREETS = ['Y Moan Ênuôl', 'Hà Huy Tập', 'Nguyễn Văn Cừ', 'Mai Hắc Đế', 'Lê Duẩn', 'Y Wang', 'Phan Bội Châu', 'Ngô Quyền',
  'Trần Quý Cáp', 'Nguyễn Thị Định', 'Võ Văn Kiệt', 'Đinh Núp'];
export const AGENCIES: readonly string[] = ['UBND phường Tân Lập', 'Công an phường Tân Lập', 'Đảng ủy phường Tân Lập',
  'Trạm Y tế phường Tân Lập', 'Trường THCS Phan Chu Trinh', 'Trường Tiểu học Tân Lập', 'Ban Chỉ huy Quân sự phường Tân Lập',
  'Trung tâm phục vụ Hành chính công phường Tân Lập'];

export type GeneratedPerson = PersonWrite & { ethnicity: Ethnicity };

/** A new person, `age` years old on `onDay` (yyyy-mm-dd); `cccdTaken` keeps numbers unique. */
export function makePerson(rng: Rng, onDay: string, cccdTaken: Set<string>, opts: { withCccd: boolean }): GeneratedPerson {
  const ethnicity = rng.weighted<Ethnicity>([['kinh', 70], ['ede', 20], ['mnong', 10]]);
  const gender: Gender = rng.chance(0.52) ? 'female' : 'male';
  const age = rng.weighted<[number, number]>([[[14, 17], 5], [[18, 30], 25], [[31, 45], 30], [[46, 60], 25], [[61, 85], 15]]);
  const birthYear = Number(onDay.slice(0, 4)) - rng.int(age[0], age[1]) - 1;
  const month = rng.int(1, 12);
  const birthDate = toIsoDay(birthYear, month, rng.int(1, daysInMonth(birthYear, month)));
  const hasFullDate = rng.chance(0.8);
  const category = rng.weighted<Category>(
    birthYear > Number(onDay.slice(0, 4)) - 19 ? [['student', 80], ['citizen', 20]] : [['citizen', 78], ['official', 9], ['worker', 10], ['student', 3]],
  );
  const neighbourhood = rng.pick(NEIGHBOURHOODS);
  return {
    ethnicity,
    fullName: personName(rng, ethnicity, gender),
    cccd: opts.withCccd ? makeCccd(rng, birthYear, gender, cccdTaken) : null,
    birthDate: hasFullDate ? birthDate : null,
    birthYear,
    gender,
    phone: rng.chance(0.85) ? makePhone(rng) : null,
    address: rng.chance(0.7) ? `${rng.int(1, 250)} ${rng.pick(STREETS)}, ${neighbourhood}` : null,
    category,
    agency: category === 'official' ? rng.pick(AGENCIES) : null,
    neighbourhood,
  };
}
