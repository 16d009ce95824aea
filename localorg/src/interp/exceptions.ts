/**
 * The built-in exception types of the `System` namespace (Apex Developer Guide, "Exception
 * Class and Built-In Exceptions"). Each becomes a class deriving from the root `Exception`, so
 * `catch (Exception e)` and `catch (System.MathException e)` work.
 */
export const SYSTEM_EXCEPTIONS = [
  'AssertException',
  'AsyncException',
  'AuraHandledException',
  'BigObjectException',
  'CalloutException',
  'DmlException',
  'DuplicateMessageException',
  'EmailException',
  'ExternalObjectException',
  'FinalException',
  'FlowException',
  'FormulaEvaluationException',
  'FormulaValidationException',
  'HandledException',
  'IllegalArgumentException',
  'InvalidHeaderException',
  'InvalidParameterValueException',
  'InvalidReadOnlyUserDmlException',
  'JSONException',
  'LicenseException',
  'LimitException',
  'ListException',
  'MathException',
  'NoAccessException',
  'NoDataFoundException',
  'NoSuchElementException',
  'NullPointerException',
  'ProcedureException',
  'QueryException',
  'RequiredFeatureMissingException',
  'SearchException',
  'SecurityException',
  'SerializationException',
  'SObjectException',
  'StringException',
  'TypeException',
  'UnexpectedException',
  'UnsupportedOperationException',
  'VisualforceException',
  'XmlException',
];

/**
 * Built-in exceptions of other namespaces, by full name (`catch (Cache.Org.OrgCacheException e)`):
 * classes naming them compile; localorg throws the ones of the features it has.
 */
export const NAMESPACED_EXCEPTIONS = [
  'Auth.AuthProviderPluginException',
  'Auth.VerificationException',
  'Cache.CacheException',
  'Cache.ExecutionException',
  'Cache.InvalidParamException',
  'Cache.ItemSizeLimitExceededException',
  'Cache.Org.OrgCacheException',
  'Cache.Session.SessionCacheException',
  'Canvas.CanvasRenderException',
  'ConnectApi.ConnectApiException',
  'ConnectApi.NotFoundException',
  'ConnectApi.RateLimitException',
];

/** Message of an exception constructed without one (`throw new MyException();`). */
export const SCRIPT_THROWN = 'Script-thrown exception';
