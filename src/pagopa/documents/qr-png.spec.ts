import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { qrPng } from './qr-png';

const payload = 'PAGOPA|002|301000000000000144|80016350821|14792';

describe('qrPng: the QR symbol as a PNG', () => {
  it('is a version 4 symbol (33 modules) of 3 px per module with a 4-module quiet zone, as the notice spec asks', () => {
    const { png, modules, imageModules } = qrPng(payload);
    const decoded = PNG.sync.read(png); // an independent PNG decoder
    expect(modules).toBe(33);
    expect(imageModules).toBe(41);
    expect(decoded.width).toBe(123);
    expect(decoded.height).toBe(123);
  });

  it('reads back, through an independent PNG decoder and a QR reader, as the payload', () => {
    const decoded = PNG.sync.read(qrPng(payload).png);
    expect(jsQR(new Uint8ClampedArray(decoded.data), decoded.width, decoded.height)?.data).toBe(payload);
  });

  it('has a white quiet zone and a dark finder pattern corner where ISO 18004 puts them', () => {
    const d = PNG.sync.read(qrPng(payload).png);
    const dark = (x: number, y: number) => d.data[(y * d.width + x) * 4]! < 128;
    expect(dark(0, 0)).toBe(false);
    expect(dark(11, 11)).toBe(false); // last quiet-zone pixel
    expect(dark(12, 12)).toBe(true); // first module of the top-left finder pattern
    expect(dark(110, 12)).toBe(true); // top-right finder pattern
    expect(dark(12, 110)).toBe(true); // bottom-left finder pattern
    expect(dark(110, 110)).toBe(false); // no finder pattern bottom-right
  });

  it('is deterministic, and different payloads give different symbols', () => {
    expect(qrPng(payload).png.equals(qrPng(payload).png)).toBe(true);
    expect(qrPng(payload).png.equals(qrPng(payload.replace('14792', '14793')).png)).toBe(false);
  });
});
