import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { OutcomeName } from '../../../../shared/visits';
import { buildPayload, cycleService, emptyForm, fillFromPerson, formatBirth, isDirty, newService, parseBirth, restoreDraft } from './form-state';

describe('parseBirth / formatBirth', () => {
  it('round-trips every real date and every year', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), (date) => {
        const iso = date.toISOString().slice(0, 10);
        expect(parseBirth(formatBirth(iso, null))).toEqual({ birthDate: iso, birthYear: null });
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2099 }), (year) => {
        expect(parseBirth(formatBirth(null, year))).toEqual({ birthDate: null, birthYear: year });
      }),
    );
  });

  it('refuses impossible dates and other text', () => {
    for (const text of ['31/02/1990', '29/02/1991', '00/01/1990', '1/13/1990', 'abc', '90', '15-03']) expect(parseBirth(text), text).toBeNull();
    expect(parseBirth('29/02/1992')).toEqual({ birthDate: '1992-02-29', birthYear: null });
    expect(parseBirth('  ')).toEqual({ birthDate: null, birthYear: null });
  });
});

describe('buildPayload', () => {
  const person = { id: '0b7c3f0e-8a7e-4f57-9d51-3c0d1f0a1b2c', fullName: 'Trần Thị Bích Ngọc', cccd: '066******321', phone: '098****321', hasCccd: true, birthDate: null, birthYear: 1985, gender: 'female' as const, address: null, category: 'citizen' as const, agency: null, neighbourhood: null, masked: true };

  it('leaves a stored number the page only saw masked out of the payload (the core keeps it)', () => {
    const form = { ...fillFromPerson(emptyForm(), person), consent: 'yes' as const, services: { dak_lak_so: newService() } };
    const built = buildPayload(form);
    if (!built.ok) throw new Error('expected a payload');
    expect(built.save.person).toMatchObject({ personId: person.id, fullName: 'Trần Thị Bích Ngọc', birthYear: 1985 });
    expect(built.save.person).not.toHaveProperty('cccd');
    expect(built.save.person).not.toHaveProperty('phone');
    // A number typed over the masked one is sent.
    const typed = buildPayload({ ...form, cccd: '066185004321' });
    expect(typed.ok && typed.save.person?.cccd).toBe('066185004321');
  });

  it('sends no person without consent, and for an anonymous visitor', () => {
    const base = { ...emptyForm(), fullName: 'Lê Văn Cường', consent: 'yes' as const, services: { vneid_activation: newService() } };
    const refused = buildPayload({ ...base, consent: 'no' });
    expect(refused.ok && [refused.save.person, refused.save.consent]).toEqual([null, 'no']);
    const anonymous = buildPayload({ ...base, anonymous: true });
    expect(anonymous.ok && [anonymous.save.person, anonymous.save.consent]).toEqual([null, 'unknown']);
    const given = buildPayload(base);
    expect(given.ok && given.save.consent).toBe('yes');
  });

  it('asks for a service, a failure reason and a readable birth date before calling the core', () => {
    expect(buildPayload({ ...emptyForm(), consent: 'yes', fullName: 'A' })).toEqual({ ok: false, fields: [{ path: 'services', code: 'too_small' }] });
    const failed = buildPayload({ ...emptyForm(), consent: 'yes', services: { dak_lak_so: { ...newService(), outcome: 'failed' } } });
    expect(failed).toEqual({ ok: false, fields: [{ path: 'services.0.failureReason', code: 'required' }] });
    expect(buildPayload({ ...emptyForm(), consent: 'yes', birth: '31/02/1990', services: { dak_lak_so: newService() } })).toMatchObject({ ok: false, fields: [{ path: 'person.birthDate' }] });
  });

  it('keeps the visit id made when the form opened (a retried save is the same visit)', () => {
    const form = { ...emptyForm(), consent: 'yes' as const, fullName: 'A', services: { dak_lak_so: newService() } };
    const first = buildPayload(form);
    const second = buildPayload(form);
    expect(first.ok && second.ok && first.save.id === second.save.id && first.save.id === form.visitId).toBe(true);
  });

  it('isDirty is false for a fresh form and true once anything is typed or ticked', () => {
    expect(isDirty(emptyForm())).toBe(false);
    expect(isDirty({ ...emptyForm(), fullName: 'x' })).toBe(true);
    expect(isDirty({ ...emptyForm(), services: { dak_lak_so: newService() } })).toBe(true);
  });
});

describe('issue #15: consent is never pre-ticked, service keys cycle', () => {
  it('a fresh form has no consent answer, and a named visit is refused without one (field error on consent)', () => {
    expect(emptyForm().consent).toBe('');
    const built = buildPayload({ ...emptyForm(), fullName: 'Lê Văn Cường', services: { dak_lak_so: newService() } });
    expect(built).toEqual({ ok: false, fields: [{ path: 'consent', code: 'consent_missing' }] });
    // An anonymous visitor is not asked.
    const anonymous = buildPayload({ ...emptyForm(), anonymous: true, services: { dak_lak_so: newService() } });
    expect(anonymous.ok && anonymous.save.consent).toBe('unknown');
  });

  it('one key cycles completed → pending → failed → removed, and back to completed', () => {
    const steps: (string | null)[] = [];
    let state = cycleService(undefined);
    for (let i = 0; i < 5; i += 1) {
      steps.push(state.checked ? state.outcome : null);
      state = cycleService(state);
    }
    expect(steps).toEqual(['completed', 'pending', 'failed', null, 'completed']);
  });

  it('property: cycling keeps the record id and a follow-up link, and four presses come back to the start', () => {
    fc.assert(
      fc.property(fc.constantFrom<OutcomeName>('completed', 'pending', 'failed'), fc.option(fc.uuid(), { nil: null }), (outcome, link) => {
        const start = { ...newService(), outcome, followUpOfRecord: link };
        let state = start;
        for (let i = 0; i < 4; i += 1) {
          state = cycleService(state);
          expect(state.id).toBe(start.id);
          expect(state.followUpOfRecord).toBe(link);
        }
        expect([state.checked, state.outcome]).toEqual([true, outcome]);
      }),
    );
  });

  it('an old draft with a boolean consent is read as unanswered', () => {
    expect(restoreDraft({ ...emptyForm(), consent: true })?.consent).toBe('');
    expect(restoreDraft({ ...emptyForm(), consent: 'no' })?.consent).toBe('no');
    expect(restoreDraft('x')).toBeNull();
  });
});
