import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { readXml } from '../../src/load/xml';

const parser = new XMLParser({ parseTagValue: false });

test('a metadata file read again gives an equal tree of its own, and its new content once changed', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'localorg-xml-')), 'A.object-meta.xml');
  writeFileSync(file, '<CustomObject><label>Invoice</label></CustomObject>');
  const first = readXml(parser, file) as { CustomObject: { label: string } };
  first.CustomObject.label = 'changed by its reader';
  assert.deepEqual(readXml(parser, file), { CustomObject: { label: 'Invoice' } }, 'a copy each');
  writeFileSync(file, '<CustomObject><label>Payment</label></CustomObject>');
  assert.deepEqual(readXml(parser, file), { CustomObject: { label: 'Payment' } }, 'read anew');
});
