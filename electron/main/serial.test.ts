import { describe, expect, it } from 'vitest';
import { isSerialDeviceAllowed, pickSerialPort } from './serial';

describe('pickSerialPort (main answers select-serial-port with the configured port)', () => {
  const ports = [
    { portId: 'a1', portName: 'COM1', displayName: 'Communications Port' },
    { portId: 'b2', portName: 'COM3', displayName: 'USB-SERIAL CH340' },
    { portId: 'c3', portName: '/dev/ttyUSB0', displayName: 'QR Scanner' },
  ];

  it('matches the port name, case and spaces aside', () => {
    expect(pickSerialPort(ports, 'COM3')).toBe('b2');
    expect(pickSerialPort(ports, ' com3 ')).toBe('b2');
    expect(pickSerialPort(ports, '/dev/ttyUSB0')).toBe('c3');
  });

  it('matches a display name too', () => {
    expect(pickSerialPort(ports, 'QR Scanner')).toBe('c3');
  });

  it('gives no port when none is configured or the configured one is absent', () => {
    expect(pickSerialPort(ports, '')).toBe('');
    expect(pickSerialPort(ports, 'COM9')).toBe('');
    expect(pickSerialPort([], 'COM3')).toBe('');
  });
});

describe('isSerialDeviceAllowed (the device permission: what getPorts() returns after a restart)', () => {
  const trusted = (url: string) => url.startsWith('app://bhts/');
  const com1 = { portId: 'a1', portName: 'COM1', displayName: 'Communications Port' };
  const com3 = { portId: 'b2', portName: 'COM3', displayName: 'USB-SERIAL CH340' };

  it('grants only the configured port, to our own page', () => {
    expect(isSerialDeviceAllowed({ deviceType: 'serial', origin: 'app://bhts', device: com3 }, 'COM3', trusted)).toBe(true);
    expect(isSerialDeviceAllowed({ deviceType: 'serial', origin: 'app://bhts', device: com1 }, 'COM3', trusted)).toBe(false);
    expect(isSerialDeviceAllowed({ deviceType: 'serial', origin: 'https://evil.example', device: com3 }, 'COM3', trusted)).toBe(false);
  });

  it('grants nothing when no port is configured, and never a HID or USB device', () => {
    expect(isSerialDeviceAllowed({ deviceType: 'serial', origin: 'app://bhts', device: com3 }, '', trusted)).toBe(false);
    expect(isSerialDeviceAllowed({ deviceType: 'usb', origin: 'app://bhts', device: com3 }, 'COM3', trusted)).toBe(false);
    expect(isSerialDeviceAllowed({ deviceType: 'serial', origin: 'app://bhts', device: null }, 'COM3', trusted)).toBe(false);
  });
});
