import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApexBlob, ApexError, NotSupportedError, type Value } from '../../src/runtime/values';
import { callMethod, callStatic, FakeRuntime } from './fakeRuntime';

const rt = new FakeRuntime();
const blob = (s: string): ApexBlob => callStatic(rt, 'Blob', 'valueOf', s) as ApexBlob;
const hex = (b: Value): Value => callStatic(rt, 'EncodingUtil', 'convertToHex', b);
const enc = (method: string, ...a: Value[]): Value => callStatic(rt, 'EncodingUtil', method, ...a);
const crypto = (method: string, ...a: Value[]): Value => callStatic(rt, 'Crypto', method, ...a);

test('Blob.valueOf, toString and size (UTF-8)', () => {
  const b = blob('héllo');
  assert.equal(callMethod(rt, 'Blob', b, 'size'), 6);
  assert.equal(callMethod(rt, 'Blob', b, 'toString'), 'héllo');
  assert.throws(
    () => callMethod(rt, 'Blob', new ApexBlob(new Uint8Array([0xff, 0xfe])), 'toString'),
    (e: unknown) => e instanceof ApexError && e.message === 'BLOB is not a valid UTF-8 string',
  );
  assert.throws(() => callStatic(rt, 'Blob', 'toPdf', 'x'), NotSupportedError);
});

test('EncodingUtil base64 and hex', () => {
  assert.equal(enc('base64Encode', blob('Hello World')), 'SGVsbG8gV29ybGQ=');
  assert.equal(
    callMethod(rt, 'Blob', enc('base64Decode', 'SGVsbG8gV29ybGQ='), 'toString'),
    'Hello World',
  );
  assert.throws(
    () => enc('base64Decode', 'ab-c'),
    (e: unknown) => e instanceof ApexError && e.message === 'Unrecognized base64 character: -',
  );
  assert.equal(hex(blob('AB')), '4142');
  assert.equal(callMethod(rt, 'Blob', enc('convertFromHex', '4142'), 'toString'), 'AB');
  assert.throws(
    () => enc('convertFromHex', 'xyz'),
    (e: unknown) => e instanceof ApexError,
  );
});

test('EncodingUtil urlEncode / urlDecode follow java.net.URLEncoder', () => {
  assert.equal(enc('urlEncode', 'a b&c=d/é*~', 'UTF-8'), 'a+b%26c%3Dd%2F%C3%A9*%7E');
  assert.equal(enc('urlDecode', 'a+b%26c%3Dd%2F%C3%A9', 'UTF-8'), 'a b&c=d/é');
});

test('Crypto.generateDigest: MD5, SHA1, SHA-256, SHA-512 of "abc"', () => {
  assert.equal(
    hex(crypto('generateDigest', 'MD5', blob('abc'))),
    '900150983cd24fb0d6963f7d28e17f72',
  );
  assert.equal(
    hex(crypto('generateDigest', 'SHA1', blob('abc'))),
    'a9993e364706816aba3e25717850c26c9cd0d89d',
  );
  assert.equal(
    hex(crypto('generateDigest', 'SHA-256', blob('abc'))),
    'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
  );
  assert.equal(
    (hex(crypto('generateDigest', 'SHA-512', blob('abc'))) as string).slice(0, 16),
    'ddaf35a193617aba',
  );
  assert.throws(
    () => crypto('generateDigest', 'FOO', blob('abc')),
    (e: unknown) => e instanceof ApexError,
  );
});

test('Crypto.generateMac hmacSHA256 (RFC 4231 test case 2)', () => {
  assert.equal(
    hex(crypto('generateMac', 'hmacSHA256', blob('what do ya want for nothing?'), blob('Jefe'))),
    '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
  );
  assert.equal(
    hex(crypto('generateMac', 'hmacSHA1', blob('what do ya want for nothing?'), blob('Jefe'))),
    'effcdf6ae5eb2fa2d27416d5f184df9c259a7c79',
  );
});

test('Crypto random numbers', () => {
  assert.equal(typeof crypto('getRandomInteger'), 'number');
  assert.equal(typeof crypto('getRandomLong'), 'bigint');
});

test('Crypto AES: generateAesKey, encrypt/decrypt with managed and explicit IV', () => {
  const key = crypto('generateAesKey', 256) as ApexBlob;
  assert.equal(key.bytes.length, 32);
  const data = blob('secret text');
  const cipher = crypto('encryptWithManagedIV', 'AES256', key, data) as ApexBlob;
  assert.equal(cipher.bytes.length, 32, 'IV (16) + one padded block (16)');
  assert.equal(
    callMethod(rt, 'Blob', crypto('decryptWithManagedIV', 'AES256', key, cipher), 'toString'),
    'secret text',
  );
  const iv = blob('0123456789abcdef');
  const c2 = crypto('encrypt', 'AES256', key, iv, data);
  assert.equal(
    callMethod(rt, 'Blob', crypto('decrypt', 'AES256', key, iv, c2), 'toString'),
    'secret text',
  );
  assert.throws(
    () => crypto('encryptWithManagedIV', 'AES128', key, data),
    (e: unknown) =>
      e instanceof ApexError && e.message === 'Invalid private key. Must be 16 bytes.',
  );
});
