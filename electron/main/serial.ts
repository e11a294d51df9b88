import type { Session as ElectronSession } from 'electron';

// Issue #4 point 2: serial (USB-COM) QR scanners. The page opens the port with Web Serial
// (renderer/src/screens/intake/useScanner.ts); Electron asks main which port to give it through
// `select-serial-port`, and main answers with the port the admin configured in Settings
// (`scanner.serialPort`, e.g. "COM3"), never with a chooser shown to the citizen-facing screen.
// Reading real hardware cannot be tested here; the choice of port (pickSerialPort) and the page's
// line framing (shared/domain/qr.ts splitSerialLines) are unit-tested.

export type SerialPortInfo = { portId: string; portName?: string | undefined; displayName?: string | undefined };

/** The configured port among those Chromium found: matched by name ("COM3", "/dev/ttyUSB0") or display name. */
export function pickSerialPort(ports: readonly SerialPortInfo[], configured: string): string {
  const wanted = configured.trim().toLowerCase();
  if (wanted === '') return '';
  const match = ports.find((port) => [port.portName, port.displayName, port.portId].some((value) => value?.trim().toLowerCase() === wanted));
  return match?.portId ?? '';
}

/** Wires the selection into the app's session; `configuredPort` reads the setting at each request. */
export function installSerialPortSelection(session: ElectronSession, configuredPort: () => string, isTrustedOrigin: (origin: string) => boolean): void {
  session.on('select-serial-port', (event, portList, _webContents, callback) => {
    event.preventDefault();
    // '' tells Chromium "no port": the page shows that the scanner could not be connected.
    callback(pickSerialPort(portList, configuredPort()));
  });
  // Ports granted once stay usable after a restart (navigator.serial.getPorts()).
  session.setDevicePermissionHandler((details) => details.deviceType === 'serial' && isTrustedOrigin(details.origin));
}
