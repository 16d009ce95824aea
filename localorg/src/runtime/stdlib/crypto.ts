/**
 * `Blob`, `EncodingUtil` and `Crypto` over `node:crypto`.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  createSign,
  createVerify,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import type { NativeClass } from '../native';
import { ApexBlob, ApexError, NotSupportedError, type Value } from '../values';
import { arg, selfAs, strArg } from './support';

const blobCheck = (v: Value): v is ApexBlob => v instanceof ApexBlob;
export const blobArg = (a: Value[], i: number): ApexBlob => arg(a, i, blobCheck, 'Blob');
const selfBlob = (s: Value): ApexBlob => selfAs(s, blobCheck);

const invalidParameter = (message: string) =>
  new ApexError('System.InvalidParameterValueException', message);

export const blobOf = (buf: Uint8Array): ApexBlob => new ApexBlob(new Uint8Array(buf));
const bufferOf = (b: ApexBlob): Buffer => Buffer.from(b.bytes);

/** UTF-8 text of a Blob; the platform refuses bytes that are not UTF-8. */
export function blobToString(b: ApexBlob): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(b.bytes);
  } catch {
    throw new ApexError('System.StringException', 'BLOB is not a valid UTF-8 string');
  }
}

export const blobClass: NativeClass = {
  name: 'Blob',
  statics: {
    valueof: (_rt, a) => blobOf(Buffer.from(strArg(a, 0), 'utf8')),
    topdf: () => {
      throw new NotSupportedError('Blob.toPdf');
    },
  },
  methods: {
    size: (_rt, _a, s) => selfBlob(s).bytes.length,
    tostring: (_rt, _a, s) => blobToString(selfBlob(s)),
  },
};

function charset(name: string): BufferEncoding {
  switch (name.toUpperCase()) {
    case 'UTF-8':
    case 'UTF8':
      return 'utf8';
    case 'ISO-8859-1':
    case 'US-ASCII':
      return 'latin1';
  }
  throw new NotSupportedError(`character encoding ${name}`);
}

/** Java `URLEncoder.encode`: `A-Za-z0-9.-*_` kept, space as `+`, the rest `%XX`. */
export function urlEncode(s: string, encoding = 'UTF-8'): string {
  let out = '';
  for (const ch of s) {
    if (/[A-Za-z0-9.\-*_]/.test(ch)) out += ch;
    else if (ch === ' ') out += '+';
    else
      for (const byte of Buffer.from(ch, charset(encoding)))
        out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Java `URLDecoder.decode`. */
export function urlDecode(s: string, encoding = 'UTF-8'): string {
  const bytes: number[] = [];
  let out = '';
  const flush = () => {
    out += Buffer.from(bytes).toString(charset(encoding));
    bytes.length = 0;
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '%') {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) {
        throw new ApexError(
          'System.IllegalArgumentException',
          'URLDecoder: Illegal hex characters in escape (%) pattern',
        );
      }
      bytes.push(parseInt(hex, 16));
      i += 2;
      continue;
    }
    flush();
    out += c === '+' ? ' ' : c;
  }
  flush();
  return out;
}

/** Base64 (standard alphabet, whitespace ignored); other characters are refused. */
export function base64Decode(text: string): Buffer {
  const bad = /[^A-Za-z0-9+/=\s]/.exec(text);
  if (bad)
    throw new ApexError('System.StringException', `Unrecognized base64 character: ${bad[0]}`);
  return Buffer.from(text, 'base64');
}

export const encodingUtilClass: NativeClass = {
  name: 'EncodingUtil',
  statics: {
    base64encode: (_rt, a) => bufferOf(blobArg(a, 0)).toString('base64'),
    base64decode: (_rt, a) => blobOf(base64Decode(strArg(a, 0))),
    urlencode: (_rt, a) => urlEncode(strArg(a, 0), strArg(a, 1)),
    urldecode: (_rt, a) => urlDecode(strArg(a, 0), strArg(a, 1)),
    converttohex: (_rt, a) => bufferOf(blobArg(a, 0)).toString('hex'),
    convertfromhex: (_rt, a) => {
      const hex = strArg(a, 0);
      if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex))
        throw invalidParameter(`Invalid hex string: ${hex}`);
      return blobOf(Buffer.from(hex, 'hex'));
    },
  },
};

const DIGESTS: Record<string, string> = {
  MD5: 'md5',
  SHA1: 'sha1',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-512': 'sha512',
  // accepted by the platform beside the documented names (apex-recipes' EncryptionRecipes)
  SHA256: 'sha256',
  SHA512: 'sha512',
  'SHA3-256': 'sha3-256',
  'SHA3-384': 'sha3-384',
  'SHA3-512': 'sha3-512',
};

const MACS: Record<string, string> = {
  HMACMD5: 'md5',
  HMACSHA1: 'sha1',
  HMACSHA256: 'sha256',
  HMACSHA512: 'sha512',
};

const SIGNATURES: Record<string, string> = {
  RSA: 'sha1',
  'RSA-SHA1': 'sha1',
  'RSA-SHA256': 'sha256',
  'RSA-SHA384': 'sha384',
  'RSA-SHA512': 'sha512',
  'ECDSA-SHA256': 'sha256',
  'ECDSA-SHA384': 'sha384',
  'ECDSA-SHA512': 'sha512',
};

function algorithm(table: Record<string, string>, name: string): string {
  const found = table[name.toUpperCase()];
  if (!found) throw invalidParameter(`Invalid algorithm: ${name}`);
  return found;
}

const AES_KEY_BYTES: Record<string, number> = { AES128: 16, AES192: 24, AES256: 32 };

function aes(name: string, key: ApexBlob): string {
  const bytes = AES_KEY_BYTES[name.toUpperCase()];
  if (!bytes) throw invalidParameter(`Invalid algorithm: ${name}`);
  if (key.bytes.length !== bytes)
    throw invalidParameter(`Invalid private key. Must be ${bytes} bytes.`);
  return `aes-${bytes * 8}-cbc`;
}

function checkIv(iv: ApexBlob): Buffer {
  if (iv.bytes.length !== 16)
    throw invalidParameter('Invalid initialization vector. Must be 16 bytes.');
  return bufferOf(iv);
}

function encrypt(name: string, key: ApexBlob, iv: Buffer, data: ApexBlob): Buffer {
  const c = createCipheriv(aes(name, key), bufferOf(key), iv);
  return Buffer.concat([c.update(bufferOf(data)), c.final()]);
}

function decrypt(name: string, key: ApexBlob, iv: Buffer, data: Buffer): Buffer {
  const d = createDecipheriv(aes(name, key), bufferOf(key), iv);
  try {
    return Buffer.concat([d.update(data), d.final()]);
  } catch {
    throw new ApexError('System.SecurityException', 'Given final block not properly padded');
  }
}

function mac(name: string, data: ApexBlob, key: ApexBlob): Buffer {
  return createHmac(algorithm(MACS, name), bufferOf(key)).update(bufferOf(data)).digest();
}

function privateKey(key: ApexBlob) {
  return createPrivateKey({ key: bufferOf(key), format: 'der', type: 'pkcs8' });
}

export const cryptoClass: NativeClass = {
  name: 'Crypto',
  statics: {
    generatedigest: (_rt, a) =>
      blobOf(
        createHash(algorithm(DIGESTS, strArg(a, 0)))
          .update(bufferOf(blobArg(a, 1)))
          .digest(),
      ),
    generatemac: (_rt, a) => blobOf(mac(strArg(a, 0), blobArg(a, 1), blobArg(a, 2))),
    verifyhmac: (_rt, a) => {
      const expected = mac(strArg(a, 0), blobArg(a, 1), blobArg(a, 2));
      const given = bufferOf(blobArg(a, 3));
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
    getrandominteger: () => randomBytes(4).readInt32BE(0),
    getrandomlong: () => randomBytes(8).readBigInt64BE(0),
    generateaeskey: (_rt, a) => {
      const size = arg(a, 0, (v): v is number => typeof v === 'number', 'Integer');
      if (![128, 192, 256].includes(size)) throw invalidParameter(`Invalid key size: ${size}`);
      return blobOf(randomBytes(size / 8));
    },
    encrypt: (_rt, a) =>
      blobOf(encrypt(strArg(a, 0), blobArg(a, 1), checkIv(blobArg(a, 2)), blobArg(a, 3))),
    decrypt: (_rt, a) =>
      blobOf(decrypt(strArg(a, 0), blobArg(a, 1), checkIv(blobArg(a, 2)), bufferOf(blobArg(a, 3)))),
    encryptwithmanagediv: (_rt, a) => {
      const iv = randomBytes(16);
      return blobOf(Buffer.concat([iv, encrypt(strArg(a, 0), blobArg(a, 1), iv, blobArg(a, 2))]));
    },
    decryptwithmanagediv: (_rt, a) => {
      const data = bufferOf(blobArg(a, 2));
      if (data.length < 16)
        throw invalidParameter('Input data is too short to contain an initialization vector');
      return blobOf(decrypt(strArg(a, 0), blobArg(a, 1), data.subarray(0, 16), data.subarray(16)));
    },
    sign: (_rt, a) => {
      const s = createSign(algorithm(SIGNATURES, strArg(a, 0)));
      s.update(bufferOf(blobArg(a, 1)));
      return blobOf(s.sign(privateKey(blobArg(a, 2))));
    },
    verify: (_rt, a) => {
      const v = createVerify(algorithm(SIGNATURES, strArg(a, 0)));
      v.update(bufferOf(blobArg(a, 1)));
      const key = createPublicKey({ key: bufferOf(blobArg(a, 3)), format: 'der', type: 'spki' });
      return v.verify(key, bufferOf(blobArg(a, 2)));
    },
  },
};
