import type { Session as ElectronSession } from 'electron';

// Issue #4 point 2: serial (USB-COM) QR scanners. The page opens the port with Web Serial
// (renderer/src/screens/intake/useScanner.ts); Electron asks main which port to give it through
// `select-serial-port`, and main answers with the port the admin configured in Settings
// (`scanner.serialPort`, e.g. "COM3"), never with a chooser shown to the citizen-facing screen.
// Issue #21: the device permission (what `navigator.serial.getPorts()` returns after a restart) is
// granted for that one port only; granting every serial device let the page take the first one
// (a built-in COM1 or a Bluetooth port). https://www.electronjs.org/docs/latest/tutorial/devices#web-serial-api

export type SerialPortInfo = { portId: string; portName?: string | undefined; displayName?: string | undefined };

/** The configured port among those Chromium found: matched by name ("COM3", "/dev/ttyUSB0") or display name. */
export function pickSerialPort(ports: readonly SerialPortInfo[], configured: string): string {
  const wanted = configured.trim().toLowerCase();
  if (wanted === '') return '';
  const match = ports.find((port) => [port.portName, port.displayName, port.portId].some((value) => value?.trim().toLowerCase() === wanted));
  return match?.portId ?? '';
}

/** The device permission handler's answer: a serial device, from our page, that is the configured port. */
export function isSerialDeviceAllowed(
  details: { deviceType: string; origin: string; device: unknown },
  configured: string,
  isTrustedUrl: (url: string) => boolean,
): boolean {
  // details.origin is "app://bhts" (no path): checked as the URL of its root.
  if (details.deviceType !== 'serial' || !isTrustedUrl(`${details.origin}/`)) return false;
  const device = details.device as Partial<SerialPortInfo> | null;
  if (!device || typeof device.portId !== 'string') return false;
  return pickSerialPort([device as SerialPortInfo], configured) !== '';
}

/** Wires the selection into the app's session; `configuredPort` reads the setting at each request. */
export function installSerialPortSelection(session: ElectronSession, configuredPort: () => string, isTrustedUrl: (url: string) => boolean): void {
  session.on('select-serial-port', (event, portList, webContents, callback) => {
    event.preventDefault();
    // '' tells Chromium "no port": the page shows that the scanner could not be connected.
    callback(webContents && isTrustedUrl(webContents.getURL()) ? pickSerialPort(portList, configuredPort()) : '');
  });
  session.setDevicePermissionHandler((details) => isSerialDeviceAllowed(details, configuredPort(), isTrustedUrl));
}
