// Jest for the Lightning Web Components (authored in TypeScript; the .ts source is tested directly).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { jestConfig } = require('@salesforce/sfdx-lwc-jest/config');

export default {
  ...jestConfig,
  moduleFileExtensions: ['ts', 'js', 'html'],
  testMatch: ['**/lwc/**/__tests__/**/*.test.ts'],
  modulePathIgnorePatterns: ['<rootDir>/.localdevserver', '<rootDir>/.localorg'],
};
