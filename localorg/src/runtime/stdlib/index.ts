/** The Apex standard library classes implemented in TypeScript (String, Decimal, Date, JSON …). */
import type { NativeClass } from '../native';
import { dateClass, datetimeClass } from './datetime';
import { blobClass, cryptoClass, encodingUtilClass } from './crypto';
import { jsonClass, jsonGeneratorClass, jsonParserClass, jsonTokenClass } from './json';
import { mathClass } from './math';
import { matcherClass, patternClass } from './pattern';
import { booleanClass, decimalClass, doubleClass, integerClass, longClass } from './numbers';
import { stringClass } from './string';
import { timeClass, timeZoneClass } from './time';
import { roundingModes } from './support';
import { installContextClass, testInstallExtension, versionClass } from './install';
import { formulaClasses } from './formula';
import { urlClass } from './url';
import { uuidClass } from './uuid';

export const stdlibClasses: NativeClass[] = [
  stringClass,
  integerClass,
  longClass,
  doubleClass,
  decimalClass,
  booleanClass,
  mathClass,
  roundingModes.nativeClass('RoundingMode'),
  dateClass,
  datetimeClass,
  timeClass,
  timeZoneClass,
  patternClass,
  matcherClass,
  blobClass,
  encodingUtilClass,
  cryptoClass,
  jsonClass,
  jsonGeneratorClass,
  jsonParserClass,
  jsonTokenClass,
  versionClass,
  installContextClass,
  testInstallExtension,
  ...formulaClasses,
  urlClass,
  uuidClass,
];
