// Issue #5 point 5: the call is announced with a chime made by the Web Audio API (no audio file)
// and, when the system has a Vietnamese voice (`lang` starting with "vi"), by speech synthesis.

let audio: AudioContext | null = null;

function audioContext(): AudioContext | null {
  if (typeof AudioContext === 'undefined') return null;
  audio ??= new AudioContext();
  return audio;
}

/** True when the browser holds sound back until someone touches the page (autoplay policy). */
export function isSoundBlocked(): boolean {
  const context = audioContext();
  return context !== null && context.state === 'suspended';
}

export async function unlockSound(): Promise<void> {
  await audioContext()?.resume();
}

/** A two-note "ding-dong"; resolves when it has finished. */
export function playChime(): Promise<void> {
  const context = audioContext();
  if (!context) return Promise.resolve();
  const start = context.currentTime + 0.05;
  const notes: [number, number][] = [[880, 0], [659.25, 0.5]];
  for (const [frequency, offset] of notes) {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start + offset);
    gain.gain.exponentialRampToValueAtTime(0.5, start + offset + 0.03);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 1.1);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(start + offset);
    oscillator.stop(start + offset + 1.2);
  }
  return new Promise((resolve) => window.setTimeout(resolve, 1700));
}

/**
 * The voices, once the browser has loaded them: Chromium returns an empty list from getVoices()
 * until `voiceschanged` has fired, so the first announcement after start would be silent.
 */
export function loadVoices(synth: Pick<SpeechSynthesis, 'getVoices' | 'addEventListener' | 'removeEventListener'>, timeoutMs = 3_000): Promise<SpeechSynthesisVoice[]> {
  const now = synth.getVoices();
  if (now.length > 0) return Promise.resolve(now);
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      synth.removeEventListener('voiceschanged', done);
      resolve(synth.getVoices());
    };
    // A system without any voice never fires the event: the chime alone, after a short wait.
    const timer = setTimeout(done, timeoutMs);
    synth.addEventListener('voiceschanged', done);
  });
}

export async function vietnameseVoice(): Promise<SpeechSynthesisVoice | null> {
  if (typeof speechSynthesis === 'undefined') return null;
  const voices = await loadVoices(speechSynthesis);
  return voices.find((voice) => voice.lang.toLowerCase().startsWith('vi')) ?? null;
}

/** "A-007" is read as "A 7": a voice reads the zeros one by one otherwise. */
export function spokenLabel(label: string): string {
  const match = /^([A-Z]+)-0*(\d+)$/.exec(label);
  return match ? `${match[1]} ${match[2]}` : label;
}

/** Speaks the text with a Vietnamese voice; does nothing (the chime alone) when there is none. */
export async function speak(text: string): Promise<boolean> {
  const voice = await vietnameseVoice();
  if (!voice) return false;
  return new Promise((resolve) => {
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.voice = voice;
    utterance.lang = voice.lang;
    utterance.rate = 0.9;
    utterance.onend = () => resolve(true);
    utterance.onerror = () => resolve(false);
    speechSynthesis.speak(utterance);
  });
}
