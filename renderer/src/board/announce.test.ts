import { describe, expect, it } from 'vitest';
import { loadVoices, spokenLabel } from './announce';

describe('spokenLabel', () => {
  it('reads a ticket number without its leading zeros, and leaves anything else as it is', () => {
    expect(spokenLabel('A-007')).toBe('A 7');
    expect(spokenLabel('U-120')).toBe('U 120');
    expect(spokenLabel('AB-000')).toBe('AB 0');
    expect(spokenLabel('A-1000')).toBe('A 1000');
    expect(spokenLabel('khác')).toBe('khác');
  });
});

describe('loadVoices', () => {
  type Listener = () => void;
  const fakeSynth = (initial: string[]) => {
    let voices = initial.map((lang) => ({ lang }) as SpeechSynthesisVoice);
    const listeners = new Set<Listener>();
    return {
      getVoices: () => voices,
      addEventListener: (_type: string, listener: Listener) => listeners.add(listener),
      removeEventListener: (_type: string, listener: Listener) => listeners.delete(listener),
      load(langs: string[]) {
        voices = langs.map((lang) => ({ lang }) as SpeechSynthesisVoice);
        for (const listener of [...listeners]) listener();
      },
      listeners,
    };
  };

  it('waits for voiceschanged when the list is still empty (the first call after start)', async () => {
    const synth = fakeSynth([]);
    const loaded = loadVoices(synth as unknown as SpeechSynthesis, 10_000);
    synth.load(['vi-VN', 'en-US']);
    expect((await loaded).map((voice) => voice.lang)).toEqual(['vi-VN', 'en-US']);
    expect(synth.listeners.size).toBe(0);
  });

  it('answers at once when voices are there, and with none after the wait on a system without voices', async () => {
    expect((await loadVoices(fakeSynth(['vi-VN']) as unknown as SpeechSynthesis)).length).toBe(1);
    expect(await loadVoices(fakeSynth([]) as unknown as SpeechSynthesis, 20)).toEqual([]);
  });
});
