/**
 * The built-in exception types of the `System` namespace. Each becomes a class deriving from
 * the root `Exception`, so `catch (Exception e)` and `catch (System.MathException e)` work.
 */
export const SYSTEM_EXCEPTIONS = [
  'AssertException',
  'AsyncException',
  'AuraHandledException',
  'BigObjectException',
  'CalloutException',
  'DmlException',
  'EmailException',
  'ExternalObjectException',
  'FinalException',
  'HandledException',
  'IllegalArgumentException',
  'InvalidHeaderException',
  'InvalidParameterValueException',
  'JSONException',
  'LicenseException',
  'LimitException',
  'ListException',
  'MathException',
  'NoAccessException',
  'NoDataFoundException',
  'NoSuchElementException',
  'NullPointerException',
  'QueryException',
  'RequiredFeatureMissingException',
  'SearchException',
  'SecurityException',
  'SerializationException',
  'SObjectException',
  'StringException',
  'TypeException',
  'UnexpectedException',
  'VisualforceException',
  'XmlException',
];

/** Message of an exception constructed without one (`throw new MyException();`). */
export const SCRIPT_THROWN = 'Script-thrown exception';
