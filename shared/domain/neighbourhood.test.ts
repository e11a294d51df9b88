import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { formatNeighbourhoodLines, matchNeighbourhood, parseNeighbourhoodLines } from './neighbourhood';
import type { NeighbourhoodOrigin } from '../settings';

// The merged ward: "Tổ dân phố 3" existed in both old phường Tân Lập and old phường Tân Hòa.
const ORIGINS: NeighbourhoodOrigin[] = [
  { name: 'Tổ dân phố 3', oldUnit: 'phường Tân Lập', aliases: ['TDP 3 Tân Lập'] },
  { name: 'Tổ dân phố 13', oldUnit: 'phường Tân Lập', aliases: [] },
  { name: 'Tổ dân phố 21', oldUnit: 'phường Tân Hòa', aliases: ['Tổ dân phố 3', 'Tổ 3'] },
  { name: 'Thôn 2 Hòa Thắng', oldUnit: 'xã Hòa Thắng', aliases: ['Thôn 2'] },
  { name: 'Buôn Ko Tam', oldUnit: 'xã Hòa Thắng', aliases: ['Buôn Kô Tam'] },
];

describe('matchNeighbourhood', () => {
  it.each([
    ['Tổ dân phố 3, phường Tân Lập, thành phố Buôn Ma Thuột, Đắk Lắk', 'Tổ dân phố 3'],
    ['TDP 3, P. Tân Lập, TP Buôn Ma Thuột, Đắk Lắk', 'Tổ dân phố 3'],
    ['Tổ 3, Tân Lập, Buôn Ma Thuột', 'Tổ dân phố 3'],
    ['Tổ dân phố 03, phường Tân Lập, Buôn Ma Thuột', 'Tổ dân phố 3'],
    ['Số 12 Tổ dân phố 3, phường Tân Hòa, thành phố Buôn Ma Thuột, tỉnh Đắk Lắk', 'Tổ dân phố 21'],
    ['Tổ 3, phường Tân Hoà, Buôn Ma Thuột', 'Tổ dân phố 21'],
    ['to dan pho 3, phuong tan hoa, buon ma thuot, dak lak', 'Tổ dân phố 21'],
    ['Tổ dân phố 13, phường Tân Lập, Đắk Lắk', 'Tổ dân phố 13'],
    ['Thôn 2, xã Hòa Thắng, thành phố Buôn Ma Thuột, Đắk Lắk', 'Thôn 2 Hòa Thắng'],
    ['Buôn Kô Tam, Hòa Thắng, Buôn Ma Thuột', 'Buôn Ko Tam'],
  ])('%s → %s', (address, name) => {
    expect(matchNeighbourhood(address, ORIGINS)?.name).toBe(name);
  });

  it.each([
    ['the number without the unit ("Tổ dân phố 3" is in two old units)', 'Tổ dân phố 3, thành phố Buôn Ma Thuột, Đắk Lắk'],
    ['another old unit', 'Tổ dân phố 3, phường Tự An, thành phố Buôn Ma Thuột'],
    ['a number that is only a prefix', 'Tổ dân phố 31, phường Tân Lập'],
    ['a house number, not a neighbourhood', 'Số 3 Lê Duẩn, phường Tân Lập'],
    ['an address from another province', 'Thôn Dẫn Tự, Tân Phú, Vĩnh Tường, Vĩnh Phúc'],
    ['an empty address', ''],
  ])('no match: %s', (_label, address) => {
    expect(matchNeighbourhood(address, ORIGINS)).toBeNull();
  });

  it('fills nothing when two neighbourhoods fit the same address', () => {
    const twice: NeighbourhoodOrigin[] = [...ORIGINS, { name: 'Tổ dân phố 22', oldUnit: 'phường Tân Hòa', aliases: ['Tổ 3'] }];
    expect(matchNeighbourhood('Tổ 3, phường Tân Hòa, Buôn Ma Thuột', twice)).toBeNull();
  });

  it('property: the unit decides between the two "Tổ dân phố 3", whatever the spelling', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('Tổ dân phố 3', 'TDP 3', 'Tổ 3', 'tổ dân phố 03', 'TO DAN PHO 3', 'Tdp. 3'),
        fc.constantFrom<[string, string]>(['phường Tân Lập', 'Tổ dân phố 3'], ['P. Tân Lập', 'Tổ dân phố 3'], ['phường Tân Hòa', 'Tổ dân phố 21'], ['Tân Hoà', 'Tổ dân phố 21']),
        (tdp, [unit, name]) => {
          expect(matchNeighbourhood(`${tdp}, ${unit}, thành phố Buôn Ma Thuột, tỉnh Đắk Lắk`, ORIGINS)?.name).toBe(name);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('the editor lines', () => {
  it('reads names alone, and names with their old unit and aliases', () => {
    const text = 'Tổ dân phố 21 | phường Tân Hòa | Tổ dân phố 3; Tổ 3\nBuôn Ea Tam\n  \nThôn 2 Hòa Thắng | xã Hòa Thắng\nBuôn Ea Tam';
    expect(parseNeighbourhoodLines(text)).toEqual({
      names: ['Tổ dân phố 21', 'Buôn Ea Tam', 'Thôn 2 Hòa Thắng'],
      origins: [
        { name: 'Tổ dân phố 21', oldUnit: 'phường Tân Hòa', aliases: ['Tổ dân phố 3', 'Tổ 3'] },
        { name: 'Thôn 2 Hòa Thắng', oldUnit: 'xã Hòa Thắng', aliases: [] },
      ],
    });
  });

  it('round-trips through the editor', () => {
    const { names, origins } = parseNeighbourhoodLines('Tổ dân phố 21 | phường Tân Hòa | Tổ dân phố 3; Tổ 3\nBuôn Ea Tam');
    expect(parseNeighbourhoodLines(formatNeighbourhoodLines(names, origins))).toEqual({ names, origins });
  });
});
