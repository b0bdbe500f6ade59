/**
 * Tests, their helpers, fixtures and examples: code that is not part of the program a server
 * runs, so neither an entry point nor the home of a credential the server keeps.
 */
const TEST_FILE =
  /(^|\/)(__tests__|__mocks__|tests?|spec|fixtures?|examples?|test-support|test-utils|testing)\/|\.(test|spec)\.[cm]?[jt]sx?$/;

export function isTestFile(file: string): boolean {
  return TEST_FILE.test(file);
}
