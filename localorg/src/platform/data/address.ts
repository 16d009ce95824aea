/**
 * Compound address fields (Object Reference, "Address Compound Fields"; Apex Reference Guide,
 * "Address Class"): `BillingAddress`, `ShippingAddress`, `MailingAddress` … are read-only and
 * read in SOQL as one `System.Address` built from their parts (`BillingStreet`,
 * `BillingCity` …); null when every part is. They cannot be written, nor filtered on.
 * `getDistance`, the `Location` methods and the address's JSON form are not supported in
 * localorg.
 */
import type { NativeClass } from '../../runtime/native';
import { NativeObject, NotSupportedError, type Value } from '../../runtime/values';
import type { FieldDef } from './schema';
import type { Row } from './store';

/** The parts of an address, by the name of their getter (`getStreet` reads `…Street`). */
const PARTS = [
  'Street',
  'City',
  'State',
  'StateCode',
  'PostalCode',
  'Country',
  'CountryCode',
  'Latitude',
  'Longitude',
  'GeocodeAccuracy',
] as const;

type AddressState = Readonly<Record<(typeof PARTS)[number], Value>>;

/** The `System.Address` of a row's compound field, or null when it has no part. */
export function addressValue(row: Row, field: FieldDef): Value {
  const prefix = field.name.slice(0, -'Address'.length).toLowerCase();
  const state = Object.fromEntries(
    PARTS.map((p) => [p, row.get(`${prefix}${p.toLowerCase()}`) ?? null]),
  ) as AddressState;
  return Object.values(state).every((v) => v === null)
    ? null
    : new NativeObject<AddressState>('System.Address', state);
}

export const addressClass: NativeClass = {
  name: 'Address',
  methods: {
    ...Object.fromEntries(
      PARTS.map((p) => [
        `get${p.toLowerCase()}`,
        (_rt: unknown, _a: unknown, self: Value) => (self as NativeObject<AddressState>).state[p],
      ]),
    ),
    getdistance: () => {
      throw new NotSupportedError('Address.getDistance');
    },
  },
  // the platform writes an address into a record's JSON; localorg does not know its form yet
  json: {
    fields: [],
    write: () => {
      throw new NotSupportedError('JSON of a compound address field (System.Address)');
    },
    read: () => {
      throw new NotSupportedError('JSON of a compound address field (System.Address)');
    },
  },
};
