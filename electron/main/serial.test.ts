import { describe, expect, it } from 'vitest';
import { pickSerialPort } from './serial';

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
